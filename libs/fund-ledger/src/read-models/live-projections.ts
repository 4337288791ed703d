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
