import { Query } from '@nestjs/cqrs';
import type { BudgetPolicyInForceView } from './budget-policy.queries.dto';

/** The policy in force for a fund-year (the default until one is set), its version and whether it is frozen. */
export class GetBudgetPolicyInForceQuery extends Query<BudgetPolicyInForceView> {
  constructor(
    readonly fundId: string,
    readonly year: number,
  ) {
    super();
  }
}
