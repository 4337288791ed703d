import type { ReadModelProjection } from '@ledger/read-store';
import { carryForwardReadModel } from './carry-forward.read-model';
import { fundBalancesReadModel } from './fund-balances.read-model';
import { hospitalBudgetsReadModel } from './hospital-budgets.read-model';
import { journalReadModel } from './journal.read-model';
import { overBudgetSharingReadModel } from './over-budget-sharing.read-model';

/**
 * Every durable read model the service keeps, in the order their statuses are listed. Their engine names
 * are identifiers (lower-case words and underscores); the API names them with hyphens, as it always has.
 */
export const DURABLE_PROJECTIONS: readonly ReadModelProjection[] = [
  journalReadModel,
  hospitalBudgetsReadModel,
  carryForwardReadModel,
  overBudgetSharingReadModel,
  fundBalancesReadModel,
];

export const durableName = (name: string): string => name.replace(/-/g, '_');
export const publicName = (name: string): string => name.replace(/_/g, '-');

export function isDurable(name: string): boolean {
  return DURABLE_PROJECTIONS.some((p) => p.name === durableName(name));
}
