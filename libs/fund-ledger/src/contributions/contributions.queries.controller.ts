import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiNotFound, ApiRead } from '../application/openapi';
import { ContributionRatesView, PoolYearParams } from './contributions.queries.dto';
import { GetContributionRatesQuery } from './contributions.queries';

/** Contribution rates: HTTP in, a query to its handler. Every role may read. */
@ApiTags('contributions')
@ApiBearerAuth()
@Controller('contribution-rates')
export class ContributionsQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':pooledFundId/:year')
  @ApiRead('The contribution rates in force for an employee pool and year, with their version', ContributionRatesView, ApiNotFound('FUND_NOT_FOUND, RATES_NOT_SET'))
  rates(@Param() { pooledFundId, year }: PoolYearParams): Promise<ContributionRatesView> {
    return this.queries.execute(new GetContributionRatesQuery(pooledFundId, year));
  }
}
