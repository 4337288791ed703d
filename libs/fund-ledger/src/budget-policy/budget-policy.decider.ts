import { assertNever, DecisionContext, Decider } from '../shared/decider';
import { BudgetPolicyEvent } from './budget-policy.events';
import { BudgetPolicyState, evolveBudgetPolicy, initialBudgetPolicyState } from './budget-policy.state';
import { decideFreezePolicy, FreezePolicy } from './freeze-policy/freeze-policy.decider';
import { decideSetBudgetPolicy, SetBudgetPolicy } from './set-budget-policy/set-budget-policy.decider';

export type BudgetPolicyCommand = SetBudgetPolicy | FreezePolicy;

/** Stream policy-{fundId}-{year}. */
export const budgetPolicyDecider: Decider<BudgetPolicyCommand, BudgetPolicyEvent, BudgetPolicyState> = {
  initialState: initialBudgetPolicyState,
  evolve: evolveBudgetPolicy,
  decide(command: BudgetPolicyCommand, state: BudgetPolicyState, context: DecisionContext): BudgetPolicyEvent[] {
    switch (command.type) {
      case 'SetBudgetPolicy':
        return decideSetBudgetPolicy(command, state, context);
      case 'FreezePolicy':
        return decideFreezePolicy(command, state, context);
      default:
        return assertNever(command, 'budget policy command');
    }
  },
};
