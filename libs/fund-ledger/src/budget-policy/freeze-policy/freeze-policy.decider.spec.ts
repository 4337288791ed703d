import { DEFAULT_BUDGET_POLICY } from '../../shared/budget-policy';
import { ErrorCodes } from '../../shared/domain-error';
import { given } from '../../test/decider-specification';
import { budgetPolicyDecider } from '../budget-policy.decider';
import { FUND_ID, policyFrozen, policySet, YEAR } from '../test/policy-fixtures';
import { FreezePolicy } from './freeze-policy.decider';

const freeze = (overrides: Partial<FreezePolicy['data']> = {}): FreezePolicy => ({
  type: 'FreezePolicy',
  data: {
    fundId: FUND_ID,
    year: YEAR,
    reason: 'first_year_end_settlement',
    settledStream: `budget-${FUND_ID}-H-001-${YEAR}`,
    ...overrides,
  },
});

describe('FreezePolicy', () => {
  it('freezes the default policy, version "default", when none was ever set', () => {
    given(budgetPolicyDecider)
      .when(freeze())
      .then([policyFrozen(DEFAULT_BUDGET_POLICY, 'default')]);
  });

  it('freezes the policy in force with the revision of the set that made it', () => {
    const first = policySet({ depositWithholdRate: '0.05' }, ['depositWithholdRate']);
    const second = policySet({ depositWithholdRate: '0.05', retentionMode: 'carry_forward' }, ['retentionMode']);
    given(budgetPolicyDecider, [first, second])
      .when(freeze())
      .then([policyFrozen(second.data.policy, '1')]);
  });

  it('is idempotent: freezing again (another hospital settling) decides nothing', () => {
    given(budgetPolicyDecider, [policyFrozen(DEFAULT_BUDGET_POLICY, 'default')])
      .when(freeze({ settledStream: `budget-${FUND_ID}-H-002-${YEAR}` }))
      .thenNothing();
  });

  it.each([
    ['reason', { reason: 'audit' as never }],
    ['settledStream', { settledStream: '' }],
    ['fundId', { fundId: 'bad id' }],
    ['year', { year: 99 }],
  ] as const)('400 INVALID_FIELD: %s', (field, overrides) => {
    given(budgetPolicyDecider)
      .when(freeze(overrides))
      .thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field });
  });
});
