import { evolverOf } from '../application/stream-target';
import { evolveBudgetPolicy, initialBudgetPolicyState } from './budget-policy.state';

/** Stream policy-{fundId}-{year}. */
export const budgetPolicyEvolver = evolverOf(initialBudgetPolicyState, evolveBudgetPolicy);
