import type { Projection } from '@ledger/projections';
import { journalProjection } from './journal.projection';
import { hospitalBudgetsProjection } from './hospital-budgets.projection';
import { carryForwardProjection } from './carry-forward.projection';
import { overBudgetSharingProjection } from './over-budget-sharing.projection';
import { fundBalancesProjection } from './fund-balances.projection';

/** Every projection the service keeps live (and the auditor's replay rebuilds). Pure: no Nest. */
export const LIVE_PROJECTIONS: ReadonlyArray<Projection<unknown>> = [
  journalProjection as Projection<unknown>,
  hospitalBudgetsProjection as Projection<unknown>,
  carryForwardProjection as Projection<unknown>,
  overBudgetSharingProjection as Projection<unknown>,
  fundBalancesProjection as Projection<unknown>,
];

/**
 * How often each live projection keeps an as-of snapshot: a past read folds at most this many events
 * after its snapshot. Spaced by what a snapshot weighs at 1M events (fund balances ~3 KiB, carry-forward
 * ~1 MiB, journal ~6 MiB, over-budget sharing ~10 MiB, hospital budgets ~40 MiB): every snapshot is a
 * full serialisation of the state, written at an exact position during the catch-up too.
 */
const HISTORY_EVERY_EVENTS: Readonly<Record<string, number>> = {
  'fund-balances': 5_000,
  'carry-forward': 50_000,
  journal: 100_000,
  'over-budget-sharing': 250_000,
  'hospital-budgets': 250_000,
};

export function historyEveryEvents(projection: string): number {
  return HISTORY_EVERY_EVENTS[projection] ?? 100_000;
}
