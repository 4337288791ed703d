import { Module } from '@nestjs/common';
import { BudgetPolicyModule } from '../budget-policy/budget-policy.module';
import { HospitalBudgetStreams } from '../hospital-budget/hospital-budget.streams';
import { RegistryLookupsModule } from '../registry/registry-lookups.module';
import { AssignPaymentMethodsController } from './assign-payment-methods/assign-payment-methods.controller';
import { AssignPaymentMethodsHandler } from './assign-payment-methods/assign-payment-methods.handler';
import { ClearPerCaseQuarterController } from './clear-per-case-quarter/clear-per-case-quarter.controller';
import { ClearPerCaseQuarterHandler } from './clear-per-case-quarter/clear-per-case-quarter.handler';
import { GetRateTableHandler } from './get-rate-table/get-rate-table.handler';
import { PaymentMethodsQueriesController } from './payment-methods.queries.controller';
import { PostMethodSettlementController } from './post-method-settlement/post-method-settlement.controller';
import { PostMethodSettlementHandler } from './post-method-settlement/post-method-settlement.handler';
import { SetRateTableController } from './set-rate-table/set-rate-table.controller';
import { SetRateTableHandler } from './set-rate-table/set-rate-table.handler';

/**
 * Payment methods beside the global budget (issue #15): rate tables per fund-year on their own stream, and
 * the hospital-year's method assignments, method settlements and per-case quarterly clearings on its budget
 * stream. HospitalBudgetStreams is provided here too (the hospital-budget module does not export it): it is
 * stateless, its caches live in the shared StreamLoader and pipeline.
 */
@Module({
  imports: [RegistryLookupsModule, BudgetPolicyModule],
  controllers: [
    SetRateTableController,
    AssignPaymentMethodsController,
    PostMethodSettlementController,
    ClearPerCaseQuarterController,
    PaymentMethodsQueriesController,
  ],
  providers: [
    HospitalBudgetStreams,
    SetRateTableHandler,
    GetRateTableHandler,
    AssignPaymentMethodsHandler,
    PostMethodSettlementHandler,
    ClearPerCaseQuarterHandler,
  ],
})
export class PaymentMethodsModule {}
