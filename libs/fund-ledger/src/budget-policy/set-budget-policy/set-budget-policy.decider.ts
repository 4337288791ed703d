import { BudgetPolicy, NEW_POLICY_CLAWBACK_TREATMENT } from '../../shared/budget-policy';
import { DecisionContext, invariant } from '../../shared/decider';
import { ErrorCodes, rejectRule } from '../../shared/domain-error';
import { requireFundId, requireYear } from '../../registry/field-rules';
import { BudgetPolicySet, POLICY_FIELDS } from '../budget-policy.events';
import { BudgetPolicyState, policyInForce } from '../budget-policy.state';
import { sameFieldValue, validateChanges } from '../policy.validation';

export interface SetBudgetPolicy {
  readonly type: 'SetBudgetPolicy';
  readonly data: {
    readonly fundId: string;
    readonly year: number;
    /** Only the fields to change; the rest stay as in force (the default for the first set). */
    readonly changes: Partial<BudgetPolicy>;
  };
}

/**
 * A fund-year's first set records the clawback treatment for new policies unless its changes name one.
 * A later set keeps whatever the policy in force records: a policy recorded before the field existed
 * (no field: reduce_actual) keeps its answers until a set names the field (issue #14 §4 compatibility).
 */
function newPolicyDefaults(state: BudgetPolicyState): Partial<BudgetPolicy> {
  return state.policy === null ? { clawbackTreatment: NEW_POLICY_CLAWBACK_TREATMENT } : {};
}

/**
 * Merges the changes over the policy in force and records the full result. A set that changes nothing
 * (a retry) decides nothing; the first set is always recorded, so the year's policy gets a version.
 */
export function decideSetBudgetPolicy(
  command: SetBudgetPolicy,
  state: BudgetPolicyState,
  _context: DecisionContext,
): BudgetPolicySet[] {
  const fundId = requireFundId(command.data.fundId, 'fundId');
  const year = requireYear(command.data.year, 'year');
  const changes = validateChanges(command.data.changes, 'changes');
  invariant(state.fundId === null || (state.fundId === fundId && state.year === year), 'command for another fund-year');
  if (state.frozen !== null) {
    throw rejectRule(
      ErrorCodes.POLICY_FROZEN,
      `the ${year} policy of fund ${fundId} was frozen by ${state.frozen.settledStream}`,
      'changes',
    );
  }
  const current = policyInForce(state);
  const policy: BudgetPolicy = { ...current, ...newPolicyDefaults(state), ...changes };
  const changedFields = POLICY_FIELDS.filter((field) => !sameFieldValue(field, current, policy));
  if (state.policy !== null && changedFields.length === 0) return [];
  return [{ type: 'BudgetPolicySet', data: { fundId, year, policy, changedFields } }];
}
