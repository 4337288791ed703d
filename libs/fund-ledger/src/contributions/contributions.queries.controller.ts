import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ErrorCodes, notFound } from '../shared/domain-error';
import { ApiNotFound, ApiRead } from '../application/openapi';
import { RegistryLookups } from '../application/registry-lookups';
import { ContributionRatesView, PoolYearParams } from './contributions.queries.dto';

/** Contribution rates, folded from their stream at request time. Every role may read. */
@ApiTags('contributions')
@ApiBearerAuth()
@Controller('contribution-rates')
export class ContributionsQueriesController {
  constructor(private readonly lookups: RegistryLookups) {}

  @Get(':pooledFundId/:year')
  @ApiRead('The contribution rates in force for an employee pool and year, with their version', ContributionRatesView, ApiNotFound('FUND_NOT_FOUND, RATES_NOT_SET'))
  async rates(@Param() { pooledFundId, year }: PoolYearParams): Promise<ContributionRatesView> {
    await this.lookups.fund(pooledFundId, 'pooledFundId');
    const rates = await this.lookups.contributionRates(pooledFundId, year);
    // Absent rates are a missing resource here (404); for a payroll collection they are a refusal (422).
    if (rates === null) throw notFound(ErrorCodes.RATES_NOT_SET, `no contribution rates are set for ${pooledFundId} in ${year}`, 'year');
    return rates;
  }
}
