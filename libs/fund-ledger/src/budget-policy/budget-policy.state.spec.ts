import { DEFAULT_BUDGET_POLICY } from '../shared/budget-policy';
import { fold, InvariantViolation } from '../shared/decider';
import { caught } from '../test/decider-specification';
import { budgetPolicyDecider } from './budget-policy.decider';
import { evolveBudgetPolicy } from './budget-policy.state';
import { policySnapshot } from './budget-policy.state';
import { policyFrozen, policySet } from './test/policy-fixtures';

describe('policySnapshot', () => {
  it('is the default policy, version "default", for an empty stream', () => {
    expect(policySnapshot(budgetPolicyDecider.initialState(), null)).toEqual({
      policyVersion: 'default',
      policy: DEFAULT_BUDGET_POLICY,
    });
  });

  it('is the last policy set, versioned by that event revision', () => {
    const first = policySet({ depositWithholdRate: '0.05' }, ['depositWithholdRate']);
    const second = policySet({ depositWithholdRate: '0.08' }, ['depositWithholdRate']);
    const state = fold(budgetPolicyDecider, [first, second]);
    expect(policySnapshot(state, 1n)).toEqual({ policyVersion: '1', policy: second.data.policy });
  });

  it('keeps the version of the frozen policy after the freeze is appended', () => {
    const set = policySet({ depositWithholdRate: '0.05' }, ['depositWithholdRate']);
    const state = fold(budgetPolicyDecider, [set, policyFrozen(set.data.policy, '0')]);
    expect(policySnapshot(state, 1n)).toEqual({ policyVersion: '0', policy: set.data.policy });
  });

  it('is still "default" when the default was frozen without ever being set', () => {
    const state = fold(budgetPolicyDecider, [policyFrozen(DEFAULT_BUDGET_POLICY, 'default')]);
    expect(policySnapshot(state, 0n).policyVersion).toBe('default');
  });

  it('refuses a snapshot of a state not folded to the revision the caller read', () => {
    const state = fold(budgetPolicyDecider, [policySet({}, [])]);
    expect(caught(() => policySnapshot(state, 3n))).toBeInstanceOf(InvariantViolation);
    expect(caught(() => policySnapshot(state, null))).toBeInstanceOf(InvariantViolation);
  });
});

describe('budget policy evolve invariants', () => {
  it('refuses a set after the freeze, a second freeze, and another fund-year in the stream', () => {
    const frozen = fold(budgetPolicyDecider, [policyFrozen(DEFAULT_BUDGET_POLICY, 'default')]);
    expect(caught(() => evolveBudgetPolicy(frozen, policySet({}, [])))).toBeInstanceOf(InvariantViolation);
    expect(caught(() => evolveBudgetPolicy(frozen, policyFrozen(DEFAULT_BUDGET_POLICY, 'default')))).toBeInstanceOf(
      InvariantViolation,
    );
    const other = { ...policySet({}, []), data: { ...policySet({}, []).data, year: 2026 } };
    expect(caught(() => evolveBudgetPolicy(fold(budgetPolicyDecider, [policySet({}, [])]), other))).toBeInstanceOf(
      InvariantViolation,
    );
  });
});
