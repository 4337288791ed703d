import { Query } from '@nestjs/cqrs';
import type { FundCloseReport } from '../fund-close.report';

export const FUND_YEAR_NOT_CLOSED = 'FUND_YEAR_NOT_CLOSED';

/** A closed fund-year's report; 404 FUND_YEAR_NOT_CLOSED while the year is open. */
export class FundCloseReportQuery extends Query<FundCloseReport> {
  constructor(
    readonly fundId: string,
    readonly year: number,
  ) {
    super();
  }
}
