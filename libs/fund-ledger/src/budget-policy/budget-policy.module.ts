import { Module } from '@nestjs/common';
import { ApplicationModule } from '../application/application.module';
import { BudgetPolicyQueriesController } from './budget-policy.queries.controller';
import { BudgetPolicyService } from './budget-policy.service';
import { SetBudgetPolicyController } from './set-budget-policy/set-budget-policy.controller';
import { SetBudgetPolicyHandler } from './set-budget-policy/set-budget-policy.handler';

/** The budget policy of each fund-year. BudgetPolicyService is for the year-end settlement. */
@Module({
  imports: [ApplicationModule],
  controllers: [SetBudgetPolicyController, BudgetPolicyQueriesController],
  providers: [SetBudgetPolicyHandler, BudgetPolicyService],
  exports: [BudgetPolicyService],
})
export class BudgetPolicyModule {}
