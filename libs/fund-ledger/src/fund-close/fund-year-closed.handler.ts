import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FundYearClosedQuery } from '../allocation/fund-year-closed.port';
import { FundCloseReads } from './fund-close.report';

/** The fund close's answer to the allocation's port: a closed fund-year has its FundYearClosed. */
@QueryHandler(FundYearClosedQuery)
export class FundYearClosedHandler implements IQueryHandler<FundYearClosedQuery, boolean> {
  constructor(private readonly reads: FundCloseReads) {}

  async execute({ fundId, year }: FundYearClosedQuery): Promise<boolean> {
    return (await this.reads.closedYear(fundId, year)) !== null;
  }
}
