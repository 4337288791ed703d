import { BudgetPolicy, DEFAULT_BUDGET_POLICY } from '../../shared/budget-policy';
import { ErrorCodes } from '../../shared/domain-error';
import { given } from '../../test/decider-specification';
import { budgetPolicyDecider } from '../budget-policy.decider';
import { firstPolicySet, FUND_ID, policyFrozen, policySet, YEAR } from '../test/policy-fixtures';
import { SetBudgetPolicy } from './set-budget-policy.decider';

const setPolicy = (changes: Partial<BudgetPolicy> | Record<string, unknown>): SetBudgetPolicy => ({
  type: 'SetBudgetPolicy',
  data: { fundId: FUND_ID, year: YEAR, changes: changes as Partial<BudgetPolicy> },
});

const threeTiers = [
  { upToQuotaRatio: '0.10', fundShare: '0.70' },
  { upToQuotaRatio: '0.20', fundShare: '0.50' },
  { upToQuotaRatio: null, fundShare: '0' },
];

describe('SetBudgetPolicy', () => {
  it('first set: merges the changes over the default and records the full policy', () => {
    given(budgetPolicyDecider)
      .when(setPolicy({ depositWithholdRate: '0.05', retentionMode: 'carry_forward' }))
      .then([
        firstPolicySet({ depositWithholdRate: '0.05', retentionMode: 'carry_forward' }, [
          'depositWithholdRate',
          'retentionMode',
        ]),
      ]);
  });

  it('first set equal to the default is still recorded, so the year gets a policy version', () => {
    given(budgetPolicyDecider)
      .when(setPolicy({ depositWithholdRate: '0.1' }))
      .then([firstPolicySet({ depositWithholdRate: '0.1' }, [])]);
  });

  it('later set: merges over the policy in force, not over the default', () => {
    given(budgetPolicyDecider, [policySet({ depositWithholdRate: '0.05' }, ['depositWithholdRate'])])
      .when(setPolicy({ overrunTiers: threeTiers }))
      .then([policySet({ depositWithholdRate: '0.05', overrunTiers: threeTiers }, ['overrunTiers'])]);
  });

  it('a set that changes nothing (a retry, or 0.05 vs 0.050) decides nothing', () => {
    given(budgetPolicyDecider, [policySet({ depositWithholdRate: '0.05' }, ['depositWithholdRate'])])
      .when(setPolicy({ depositWithholdRate: '0.050' }))
      .thenNothing();
  });

  it('accepts the boundaries: withhold 0 and 0.5, shares 0 and 1, min score 0 and 100, one unbounded tier', () => {
    for (const changes of [
      { depositWithholdRate: '0' },
      { depositWithholdRate: '0.5' },
      { depositReturnMinScore: '0' },
      { depositReturnMinScore: '100' },
      { overrunTiers: [{ upToQuotaRatio: null, fundShare: '1' }] },
      {
        surplusTiers: [
          { upToQuotaRatio: '0.05', retainedShare: '1' },
          { upToQuotaRatio: null, retainedShare: '0' },
        ],
      },
    ]) {
      expect(given(budgetPolicyDecider).when(setPolicy(changes)).events()).toHaveLength(1);
    }
  });

  it('keeps the ratio strings exactly as given (no float round trip)', () => {
    const [event] = given(budgetPolicyDecider)
      .when(setPolicy({ depositWithholdRate: '0.075' }))
      .events();
    expect(event?.data.policy.depositWithholdRate).toBe('0.075');
  });

  describe('clawbackTreatment (issue #14 §4)', () => {
    it('first set naming it records it; reduce_actual equals the default it replaces, so it is not listed as changed', () => {
      given(budgetPolicyDecider)
        .when(setPolicy({ clawbackTreatment: 'reduce_actual' }))
        .then([policySet({ clawbackTreatment: 'reduce_actual' }, [])]);
    });

    it('a later set keeps an old policy recorded without the field as it is (read as reduce_actual)', () => {
      const old = policySet({ depositWithholdRate: '0.05' }, ['depositWithholdRate']);
      expect(old.data.policy.clawbackTreatment).toBeUndefined();
      given(budgetPolicyDecider, [old])
        .when(setPolicy({ depositReturnMinScore: '70' }))
        .then([policySet({ depositWithholdRate: '0.05', depositReturnMinScore: '70' }, ['depositReturnMinScore'])]);
    });

    it('a later set may switch an old policy to deduct_from_entitlement, listed as changed', () => {
      given(budgetPolicyDecider, [policySet({}, [])])
        .when(setPolicy({ clawbackTreatment: 'deduct_from_entitlement' }))
        .then([policySet({ clawbackTreatment: 'deduct_from_entitlement' }, ['clawbackTreatment'])]);
    });

    it('naming reduce_actual on an old policy without the field changes nothing, so nothing is decided', () => {
      given(budgetPolicyDecider, [policySet({}, [])])
        .when(setPolicy({ clawbackTreatment: 'reduce_actual' }))
        .thenNothing();
    });

    it('400 INVALID_FIELD for an unknown treatment', () => {
      given(budgetPolicyDecider)
        .when(setPolicy({ clawbackTreatment: 'forgive' }))
        .thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field: 'changes.clawbackTreatment' });
    });
  });

  describe('rejections', () => {
    it('422 POLICY_FROZEN after the first year-end settlement froze the policy', () => {
      given(budgetPolicyDecider, [policyFrozen(DEFAULT_BUDGET_POLICY, 'default')])
        .when(setPolicy({ depositWithholdRate: '0.05' }))
        .thenRejects({ kind: 'business_rule', code: ErrorCodes.POLICY_FROZEN });
    });

    it.each<[string, Record<string, unknown>]>([
      ['changes', {}],
      ['changes.quotaCap', { quotaCap: '1' }],
      ['changes.depositWithholdRate', { depositWithholdRate: '0.51' }],
      ['changes.depositWithholdRate', { depositWithholdRate: '-0.1' }],
      ['changes.depositWithholdRate', { depositWithholdRate: 0.1 }],
      ['changes.depositWithholdRate', { depositWithholdRate: '1e-1' }],
      ['changes.depositReturnMinScore', { depositReturnMinScore: '100.5' }],
      ['changes.retentionMode', { retentionMode: 'bank' }],
      ['changes.fineDestination', { fineDestination: 'fund' }],
      ['changes.overrunTiers', { overrunTiers: [] }],
      ['changes.overrunTiers', { overrunTiers: 'none' }],
      [
        'changes.overrunTiers',
        {
          overrunTiers: Array.from({ length: 6 }, (_, i) => ({
            upToQuotaRatio: i === 5 ? null : `0.${i + 1}`,
            fundShare: '0.5',
          })),
        },
      ],
      [
        'changes.overrunTiers[1].fundShare',
        {
          overrunTiers: [
            { upToQuotaRatio: '0.1', fundShare: '0.7' },
            { upToQuotaRatio: null, fundShare: '1.2' },
          ],
        },
      ],
      ['changes.overrunTiers[0].fundShare', { overrunTiers: [{ upToQuotaRatio: null, hospitalShare: '0.3' }] }],
      ['changes.overrunTiers[0].upToQuotaRatio', { overrunTiers: [{ upToQuotaRatio: '0.1', fundShare: '0.7' }] }],
      [
        'changes.overrunTiers[0].upToQuotaRatio',
        {
          overrunTiers: [
            { upToQuotaRatio: null, fundShare: '0.7' },
            { upToQuotaRatio: null, fundShare: '0' },
          ],
        },
      ],
      [
        'changes.overrunTiers[0].upToQuotaRatio',
        {
          overrunTiers: [
            { upToQuotaRatio: '0', fundShare: '0.7' },
            { upToQuotaRatio: null, fundShare: '0' },
          ],
        },
      ],
      ['changes.overrunTiers[1]', { overrunTiers: [{ upToQuotaRatio: '0.1', fundShare: '0.7' }, null] }],
      [
        'changes.overrunTiers[1].upToQuotaRatio',
        { overrunTiers: threeTiers.map((t, i) => (i === 1 ? { ...t, upToQuotaRatio: '0.10' } : t)) },
      ],
      [
        'changes.surplusTiers[1].upToQuotaRatio',
        {
          surplusTiers: [
            { upToQuotaRatio: '0.2', retainedShare: '1' },
            { upToQuotaRatio: '0.1', retainedShare: '1' },
            { upToQuotaRatio: null, retainedShare: '0' },
          ],
        },
      ],
      ['changes.surplusTiers[0].retainedShare', { surplusTiers: [{ upToQuotaRatio: null, retainedShare: '' }] }],
    ])('400 INVALID_FIELD at %s', (field, changes) => {
      given(budgetPolicyDecider)
        .when(setPolicy(changes))
        .thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field });
    });

    it('400 INVALID_FIELD for a malformed fundId or year', () => {
      given(budgetPolicyDecider)
        .when({ type: 'SetBudgetPolicy', data: { fundId: 'TREASURY', year: YEAR, changes: { retentionMode: 'cash' } } })
        .thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'fundId' });
      given(budgetPolicyDecider)
        .when({ type: 'SetBudgetPolicy', data: { fundId: FUND_ID, year: 2025.5, changes: { retentionMode: 'cash' } } })
        .thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'year' });
    });

    it('refuses a command for another fund-year than the stream (a handler bug: invariant)', () => {
      given(budgetPolicyDecider, [policySet({}, [])])
        .when({
          type: 'SetBudgetPolicy',
          data: { fundId: FUND_ID, year: YEAR + 1, changes: { retentionMode: 'cash' } },
        })
        .thenViolatesInvariant(/another fund-year/);
    });
  });
});
