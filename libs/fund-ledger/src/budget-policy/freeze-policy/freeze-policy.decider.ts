import { DecisionContext, invariant } from '../../shared/decider';
import { requireFundId, requireOneOf, requireText, requireYear } from '../../registry/field-rules';
import { BudgetPolicyFrozen, FREEZE_REASONS, FreezeReason } from '../budget-policy.events';
import { BudgetPolicyState, policyInForce, policyVersionOf } from '../budget-policy.state';

/** Sent by the year's first year-end settlement: the policy it applied must never change afterwards. */
export interface FreezePolicy {
  readonly type: 'FreezePolicy';
  readonly data: {
    readonly fundId: string;
    readonly year: number;
    readonly reason: FreezeReason;
    readonly settledStream: string;
  };
}

/** Freezing is idempotent: every hospital's year-end settlement may ask, only the first freezes. */
export function decideFreezePolicy(
  command: FreezePolicy,
  state: BudgetPolicyState,
  _context: DecisionContext,
): BudgetPolicyFrozen[] {
  const fundId = requireFundId(command.data.fundId, 'fundId');
  const year = requireYear(command.data.year, 'year');
  const reason = requireOneOf(command.data.reason, FREEZE_REASONS, 'reason');
  const settledStream = requireText(command.data.settledStream, 'settledStream');
  invariant(state.fundId === null || (state.fundId === fundId && state.year === year), 'command for another fund-year');
  if (state.frozen !== null) return [];
  const policyVersion = policyVersionOf(state);
  return [
    {
      type: 'BudgetPolicyFrozen',
      data: { fundId, year, reason, settledStream, policy: policyInForce(state), policyVersion },
    },
  ];
}
