import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiNotFound, ApiRead } from '../application/openapi';
import { FundCloseReportView } from './fund-close.response.dto';
import { FundYearParams } from '../budget-policy/budget-policy.queries.dto';
import type { FundCloseReport } from './fund-close.report';
import { FundCloseReportQuery } from './fund-close-report/fund-close-report.query';

/** The close report of a fund-year (FundYearClosed), read from its stream. Every role may read. */
@ApiTags('fund-close')
@ApiBearerAuth()
@Controller('fund-closes')
export class FundCloseQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':fundId/:year')
  @ApiRead("A closed fund-year's report: totals per outcome, the fund's net payment, each hospital's result", FundCloseReportView, ApiNotFound('FUND_YEAR_NOT_CLOSED'))
  report(@Param() { fundId, year }: FundYearParams): Promise<FundCloseReport> {
    return this.queries.execute(new FundCloseReportQuery(fundId, year));
  }
}
