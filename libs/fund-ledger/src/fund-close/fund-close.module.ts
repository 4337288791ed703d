import { Module } from '@nestjs/common';
import { RegistryLookupsModule } from '../registry/registry-lookups.module';
import { AllocationModule } from '../allocation/allocation.module';
import { HospitalBudgetModule } from '../hospital-budget/hospital-budget.module';
import { CloseFundYearController } from './close-fund-year/close-fund-year.controller';
import { CloseFundYearHandler } from './close-fund-year/close-fund-year.handler';
import { HospitalYearSettlements } from './close-fund-year/hospital-year-settlements';
import { FundCloseReportHandler } from './fund-close-report/fund-close-report.handler';
import { FundCloseQueriesController } from './fund-close.queries.controller';
import { FundCloseReads } from './fund-close.report';
import { FundYearClosedHandler } from './fund-year-closed.handler';

/**
 * The year-end close of a whole fund-year. Each hospital-year is settled by the hospital-budget area's own
 * SettleYearEndHandler, dispatched on the CommandBus (HospitalBudgetModule is imported so its handler is
 * registered); the run in force comes from AllocationModule's AllocationReads. Answers the allocation's
 * FundYearClosedQuery (the allocation never imports this module).
 */
@Module({
  imports: [RegistryLookupsModule, AllocationModule, HospitalBudgetModule],
  controllers: [CloseFundYearController, FundCloseQueriesController],
  providers: [
    FundCloseReads,
    HospitalYearSettlements,
    CloseFundYearHandler,
    FundCloseReportHandler,
    FundYearClosedHandler,
  ],
})
export class FundCloseModule {}
