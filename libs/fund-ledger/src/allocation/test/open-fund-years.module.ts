import { Module } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FundYearClosedQuery } from '../fund-year-closed.port';

/** The allocation's port to the fund close, stubbed: no fund-year is closed (specs of the allocation alone). */
@QueryHandler(FundYearClosedQuery)
class NoFundYearClosed implements IQueryHandler<FundYearClosedQuery, boolean> {
  execute(): Promise<boolean> {
    return Promise.resolve(false);
  }
}

@Module({ providers: [NoFundYearClosed] })
export class OpenFundYearsModule {}
