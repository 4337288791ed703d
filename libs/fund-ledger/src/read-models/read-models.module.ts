import { Global, Module } from '@nestjs/common';
import { BusinessDates } from './business-date';
import { FundBalancesController } from './fund-balances.controller';
import { BudgetOutcomesController, HospitalBudgetsController } from './hospital-budgets.controller';
import { JournalController } from './journal.controller';
import { ProjectionRegistry } from './projection-registry';
import { ProjectionsReadiness } from './projections.readiness';

/** Global so the health module's readiness check can reach the projections. */
@Global()
@Module({
  controllers: [JournalController, HospitalBudgetsController, BudgetOutcomesController, FundBalancesController],
  providers: [ProjectionRegistry, ProjectionsReadiness, BusinessDates],
  exports: [ProjectionRegistry, ProjectionsReadiness],
})
export class ReadModelsModule {}
