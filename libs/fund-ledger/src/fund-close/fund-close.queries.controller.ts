import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Problems } from '@ledger/platform';
import { RegistryLookups } from '../application/registry-lookups';
import { FundYearParams } from '../budget-policy/budget-policy.queries.dto';
import { type FundCloseReport, FundCloseService } from './fund-close.service';

export const FUND_YEAR_NOT_CLOSED = 'FUND_YEAR_NOT_CLOSED';

/** The close report of a fund-year (FundYearClosed), read from its stream. Every role may read. */
@ApiTags('fund-close')
@ApiBearerAuth()
@Controller('fund-closes')
export class FundCloseQueriesController {
  constructor(
    private readonly closes: FundCloseService,
    private readonly lookups: RegistryLookups,
  ) {}

  @Get(':fundId/:year')
  @ApiOperation({
    summary: "A closed fund-year's report: totals per outcome, the fund's net payment, each hospital's result",
  })
  @ApiOkResponse({ description: 'The FundYearClosed report.' })
  async report(@Param() { fundId, year }: FundYearParams): Promise<FundCloseReport> {
    await this.lookups.fund(fundId);
    const report = await this.closes.closedYear(fundId, year);
    if (report === null)
      throw Problems.notFound(FUND_YEAR_NOT_CLOSED, `the ${year} year of fund ${fundId} is not closed`, 'year');
    return report;
  }
}
