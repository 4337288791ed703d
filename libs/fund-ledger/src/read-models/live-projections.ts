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
 * after its snapshot. Spaced by what a snapshot weighs (at 100k events: fund balances 3 KiB, journal
 * 0.6 MiB, over-budget sharing 1 MiB, hospital budgets 4 MiB; ten times that at 1M).
 */
const HISTORY_EVERY_EVENTS: Readonly<Record<string, number>> = {
  'fund-balances': 5_000,
  journal: 20_000,
  'carry-forward': 20_000,
  'over-budget-sharing': 50_000,
  'hospital-budgets': 50_000,
};

export function historyEveryEvents(projection: string): number {
  return HISTORY_EVERY_EVENTS[projection] ?? 50_000;
}
