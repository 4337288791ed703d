import { BudgetPolicy, DEFAULT_BUDGET_POLICY, PolicySnapshot } from '../shared/budget-policy';
import { assertNever, invariant } from '../shared/decider';
import { BudgetPolicyEvent, FreezeReason } from './budget-policy.events';

export interface BudgetPolicyState {
  readonly fundId: string | null;
  readonly year: number | null;
  /** Revision of the last event folded; -1 for an empty stream. The fold must start at revision 0. */
  readonly lastRevision: number;
  /** The policy last set, or null: the default applies. */
  readonly policy: BudgetPolicy | null;
  /** Revision of the BudgetPolicySet that set `policy`: its version, stable across a later freeze. */
  readonly policyRevision: number | null;
  readonly frozen: {
    readonly reason: FreezeReason;
    readonly settledStream: string;
    readonly policyVersion: string;
  } | null;
}

export const initialBudgetPolicyState = (): BudgetPolicyState => ({
  fundId: null,
  year: null,
  lastRevision: -1,
  policy: null,
  policyRevision: null,
  frozen: null,
});

export function evolveBudgetPolicy(state: BudgetPolicyState, event: BudgetPolicyEvent): BudgetPolicyState {
  const revision = state.lastRevision + 1;
  const base = { ...state, ...streamIdentity(state, event), lastRevision: revision };
  switch (event.type) {
    case 'BudgetPolicySet':
      invariant(state.frozen === null, 'BudgetPolicySet after BudgetPolicyFrozen');
      return { ...base, policy: event.data.policy, policyRevision: revision };
    case 'BudgetPolicyFrozen': {
      invariant(state.frozen === null, 'policy frozen twice');
      const { reason, settledStream, policyVersion } = event.data;
      return { ...base, frozen: { reason, settledStream, policyVersion } };
    }
    default:
      return assertNever(event, 'budget policy event');
  }
}

/** Every event of the stream names the same fund and year. */
function streamIdentity(
  state: BudgetPolicyState,
  event: BudgetPolicyEvent,
): Pick<BudgetPolicyState, 'fundId' | 'year'> {
  const { fundId, year } = event.data;
  invariant(
    state.fundId === null || (state.fundId === fundId && state.year === year),
    `${event.type} for another fund-year`,
  );
  return { fundId, year };
}

/** The policy in force: the last one set, or the default. */
export const policyInForce = (state: BudgetPolicyState): BudgetPolicy => state.policy ?? DEFAULT_BUDGET_POLICY;

/** Its version: the revision of the BudgetPolicySet that set it, or 'default'. */
export const policyVersionOf = (state: BudgetPolicyState): string =>
  state.policyRevision === null ? 'default' : String(state.policyRevision);

/**
 * The policy snapshot a budget decision records. `streamRevision` is the last revision the caller read
 * of policy-{fundId}-{year} (null: no stream); it must be the revision the state was folded to, so
 * a snapshot is never taken from a partly folded stream. The version names the BudgetPolicySet in
 * force (not the stream's last revision), so it stays the same once the freeze is appended.
 */
export function policySnapshot(state: BudgetPolicyState, streamRevision: bigint | null): PolicySnapshot {
  const folded = state.lastRevision < 0 ? null : BigInt(state.lastRevision);
  invariant(
    folded === streamRevision,
    `policy state folded to ${String(folded)}, stream read at ${String(streamRevision)}`,
  );
  return { policyVersion: policyVersionOf(state), policy: policyInForce(state) };
}
