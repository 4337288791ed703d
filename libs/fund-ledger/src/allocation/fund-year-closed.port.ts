import { Query } from '@nestjs/cqrs';

/**
 * The allocation's one question to the fund close: "is this fund-year closed?" (a closed year takes no new
 * run). A query on the bus, answered by the fund-close area's handler, so the allocation neither reads the
 * fund close's streams nor imports its module (the fund close imports the allocation, for the run in force).
 */
export class FundYearClosedQuery extends Query<boolean> {
  constructor(
    readonly fundId: string,
    readonly year: number,
  ) {
    super();
  }
}
