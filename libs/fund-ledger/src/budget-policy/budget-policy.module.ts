import { Module } from '@nestjs/common';
import { RegistryLookupsModule } from '../registry/registry-lookups.module';
import { BudgetPolicyQueriesController } from './budget-policy.queries.controller';
import { GetBudgetPolicyInForceHandler } from './budget-policy.query-handlers';
import { BudgetPolicyService } from './budget-policy.service';
import { SetBudgetPolicyController } from './set-budget-policy/set-budget-policy.controller';
import { SetBudgetPolicyHandler } from './set-budget-policy/set-budget-policy.handler';

/** The budget policy of each fund-year. BudgetPolicyService is for the year-end settlement. */
@Module({
  imports: [RegistryLookupsModule],
  controllers: [SetBudgetPolicyController, BudgetPolicyQueriesController],
  providers: [SetBudgetPolicyHandler, BudgetPolicyService, GetBudgetPolicyInForceHandler],
  exports: [BudgetPolicyService],
})
export class BudgetPolicyModule {}
