import type { Projection } from '@ledger/projections';
import { applyHospitalBudgetEvent } from './hospital-budgets.apply';
import type { HospitalBudgetsState } from './hospital-budgets.rows';
import { hospitalBudgetsFromJson, hospitalBudgetsToJson } from './hospital-budgets.snapshot';

/**
 * hospital-budgets: one row per hospital-year (fundId, payeeId, year) of the global budget, folded from the
 * budget-{fundId}.{payeeId}.{year} streams. Its parts, one file each:
 * - hospital-budgets.rows.ts: the state (rows, receivables) and the figures derived from a row;
 * - hospital-budgets.apply.ts: the fold (apply), with the attribution rules;
 * - hospital-budgets.snapshot.ts: the snapshot JSON (toJson/fromJson);
 * - hospital-budgets.execution.ts, .views.ts, .summary.ts: the shapes served, computed at query time for a
 *   business date (never in apply()).
 */
export const hospitalBudgetsProjection: Projection<HospitalBudgetsState> = {
  name: 'hospital-budgets',
  version: 1,
  initialState: () => ({ rows: new Map(), receivables: new Map(), lastRecordedAt: null }),
  apply: applyHospitalBudgetEvent,
  toJson: hospitalBudgetsToJson,
  fromJson: hospitalBudgetsFromJson,
};
