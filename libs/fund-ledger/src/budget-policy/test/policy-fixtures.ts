import { BudgetPolicy, DEFAULT_BUDGET_POLICY, NEW_POLICY_CLAWBACK_TREATMENT } from '../../shared/budget-policy';
import { BudgetPolicyFrozen, BudgetPolicySet, PolicyField } from '../budget-policy.events';

export const FUND_ID = 'QZ-EMP-POOL';
export const YEAR = 2025;

export const policySet = (policy: Partial<BudgetPolicy>, changedFields: PolicyField[]): BudgetPolicySet => ({
  type: 'BudgetPolicySet',
  data: { fundId: FUND_ID, year: YEAR, policy: { ...DEFAULT_BUDGET_POLICY, ...policy }, changedFields },
});

/**
 * The event a fund-year's first set decides: the new-policy clawback treatment is recorded (and listed as
 * changed, since the default it replaces reads as reduce_actual) unless the changes name one.
 */
export const firstPolicySet = (policy: Partial<BudgetPolicy>, changedFields: PolicyField[]): BudgetPolicySet =>
  policySet({ clawbackTreatment: NEW_POLICY_CLAWBACK_TREATMENT, ...policy }, [...changedFields, 'clawbackTreatment']);

export const policyFrozen = (policy: BudgetPolicy, policyVersion: string): BudgetPolicyFrozen => ({
  type: 'BudgetPolicyFrozen',
  data: {
    fundId: FUND_ID,
    year: YEAR,
    reason: 'first_year_end_settlement',
    settledStream: `budget-${FUND_ID}-H-001-${YEAR}`,
    policy,
    policyVersion,
  },
});
