import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiNotFound, ApiRead } from '../application/openapi';
import { FundYearParams } from '../budget-policy/budget-policy.queries.dto';
import { GetRateTableQuery } from './get-rate-table/get-rate-table.query';
import { RateTableQueryParams, RateTableView } from './get-rate-table/rate-table.view.dto';

/** The payment-method rate tables: HTTP in, a query to its handler. Every role may read. */
@ApiTags('budget-policy')
@ApiBearerAuth()
@Controller('rate-tables')
export class PaymentMethodsQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':fundId/:year')
  @ApiRead("A fund-year's rate table (the latest version, or ?version=n) and its versions", RateTableView, ApiNotFound('FUND_NOT_FOUND, RATE_TABLE_NOT_SET'))
  table(@Param() { fundId, year }: FundYearParams, @Query() { version }: RateTableQueryParams): Promise<RateTableView> {
    return this.queries.execute(new GetRateTableQuery(fundId, year, version));
  }
}
