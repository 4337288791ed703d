import { Global, Module } from '@nestjs/common';
import { BusinessDates } from './business-date';
import { FundBalancesController } from './fund-balances.controller';
import { FUND_BALANCES_QUERY_HANDLERS } from './fund-balances.query-handlers';
import { BudgetOutcomesController, HospitalBudgetsController } from './hospital-budgets.controller';
import { HOSPITAL_BUDGETS_QUERY_HANDLERS } from './hospital-budgets.query-handlers';
import { JournalController } from './journal.controller';
import { JOURNAL_HANDLERS } from './journal.query-handlers';
import { ProjectionRegistry } from './projection-registry';
import { ProjectionStatuses } from './projection-statuses';
import { ProjectionsReadiness } from './projections.readiness';
import { ReadSideModule } from './read-side.module';

/** Global so the health module's readiness check can reach the projections. */
@Global()
@Module({
  imports: [ReadSideModule],
  controllers: [JournalController, HospitalBudgetsController, BudgetOutcomesController, FundBalancesController],
  providers: [
    ProjectionRegistry,
    ProjectionStatuses,
    ProjectionsReadiness,
    BusinessDates,
    ...HOSPITAL_BUDGETS_QUERY_HANDLERS,
    ...JOURNAL_HANDLERS,
    ...FUND_BALANCES_QUERY_HANDLERS,
  ],
  exports: [ProjectionRegistry, ProjectionStatuses, ProjectionsReadiness, ReadSideModule],
})
export class ReadModelsModule {}
