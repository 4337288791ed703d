import { Module } from '@nestjs/common';
import { RegistryLookupsModule } from './registry/registry-lookups.module';
import { BudgetPolicyModule } from './budget-policy/budget-policy.module';
import { ContributionsModule } from './contributions/contributions.module';
import { HospitalBudgetModule } from './hospital-budget/hospital-budget.module';
import { AllocationModule } from './allocation/allocation.module';
import { FundCloseModule } from './fund-close/fund-close.module';
import { RegistryModule } from './registry/registry.module';
import { FundBookModule } from './fund-book/fund-book.module';
import { CorrectionsModule } from './corrections/corrections.module';
import { PaymentMethodsModule } from './payment-methods/payment-methods.module';

/**
 * The fund ledger's use cases. Each area (registry, budget policy, contributions, hospital budget)
 * has its own Nest module listing its use-case folders' controllers and handlers; this module
 * gathers them. It re-exports RegistryLookups (through RegistryLookupsModule) and BudgetPolicyService,
 * which the hospital-budget area's handlers use.
 */
@Module({
  imports: [
    RegistryLookupsModule,
    RegistryModule,
    BudgetPolicyModule,
    ContributionsModule,
    HospitalBudgetModule,
    AllocationModule,
    FundCloseModule,
    FundBookModule,
    PaymentMethodsModule,
    CorrectionsModule,
  ],
  exports: [RegistryLookupsModule, BudgetPolicyModule],
})
export class LedgerModule {}
