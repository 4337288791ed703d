import { Decimal, yuan } from '@ledger/money';
import type { DecisionContext } from '../shared/decider';
import { hospitalBudgetDecider } from '../hospital-budget/hospital-budget.decider';
import type { HospitalBudgetEvent, YearEndSettledData } from '../hospital-budget/hospital-budget.events';
import {
  evolve as evolveBudget,
  type HospitalBudgetState,
  initialState as initialBudgetState,
} from '../hospital-budget/hospital-budget.state';
import type { AdjustQuota } from '../hospital-budget/adjust-quota/adjust-quota.decider';
import type { SetQuota } from '../hospital-budget/set-quota/set-quota.decider';
import type { RunSupersedes } from './fund-budget.events';

/**
 * Applying one line of an adopted run to its hospital-year budget stream (budget-{fundId}.{payeeId}.{year}),
 * through the hospital-budget decider itself (its guards apply: closed year, dates, a quota never below the
 * cash already paid toward the year).
 *
 * The stream's "allocated base" is the quota the allocation runs gave it: QuotaSet's amount (allocation run
 * or manual) plus every allocation_supersede adjustment. Applying a run moves that base to the run's quota:
 *   - no quota yet                 -> SetQuota(method allocation_run, runId, basis = the line);
 *   - base differs from the quota  -> AdjustQuota(allocation_supersede, ± the difference);
 *   - base equals the quota        -> nothing.
 * Other adjustments (an in-year increase on application, a correction, a downgrade) and carried-in credits
 * stay on top of the base: a superseding run replaces the allocation, not the year's other decisions.
 *
 * The decision is taken from the stream's state at append time, so the command's body (hashed for
 * idempotency) names only the target: re-applying after a crash replays, never adjusts twice.
 */
export interface QuotaApplication {
  readonly runId: string;
  readonly fundId: string;
  readonly payeeId: string;
  readonly year: number;
  /** The line's quota: the allocated base the stream should end with. */
  readonly quotaYuan: string;
  readonly supersedes: RunSupersedes | null;
  /** The line and the run's parameters, recorded in QuotaSet.basis. */
  readonly basis: Readonly<Record<string, unknown>>;
}

/**
 * The allocation's fold of a budget stream: the hospital-budget state plus what the allocation reads from
 * it (the allocated base; the year-end settlement, for next year's history, last year's quota and credit).
 * One shape for every budget stream the allocation loads, so its stream cache never mixes shapes.
 */
export interface ApplicationState {
  readonly budget: HospitalBudgetState;
  /** null until QuotaSet. */
  readonly allocatedBaseYuan: Decimal | null;
  readonly yearEnd: YearEndSettledData | null;
}

export const initialApplicationState = (): ApplicationState => ({
  budget: initialBudgetState(),
  allocatedBaseYuan: null,
  yearEnd: null,
});

export function evolveApplication(state: ApplicationState, event: HospitalBudgetEvent): ApplicationState {
  const budget = evolveBudget(state.budget, event);
  switch (event.type) {
    case 'QuotaSet':
      return { ...state, budget, allocatedBaseYuan: new Decimal(event.data.quotaYuan) };
    case 'QuotaAdjusted':
      return event.data.reason === 'allocation_supersede' && state.allocatedBaseYuan !== null
        ? { ...state, budget, allocatedBaseYuan: state.allocatedBaseYuan.plus(event.data.deltaYuan) }
        : { ...state, budget };
    case 'YearEndSettled':
      return { ...state, budget, yearEnd: event.data };
    default:
      return { ...state, budget };
  }
}

export type ApplicationCommand = SetQuota | AdjustQuota;

/** The hospital-budget command the line needs now, or null when the stream already has the run's quota. */
export function applicationCommand(app: QuotaApplication, state: ApplicationState): ApplicationCommand | null {
  const key = { fundId: app.fundId, payeeId: app.payeeId, year: app.year };
  if (state.allocatedBaseYuan === null) {
    return {
      type: 'SetQuota',
      ...key,
      quotaYuan: app.quotaYuan,
      method: 'allocation_run',
      runId: app.runId,
      basis: app.basis,
    };
  }
  const delta = new Decimal(app.quotaYuan).minus(state.allocatedBaseYuan);
  if (delta.isZero()) return null;
  const because =
    app.supersedes === null
      ? 'replaces the earlier allocation'
      : `supersedes ${app.supersedes.runId}: ${app.supersedes.reason}`;
  return {
    type: 'AdjustQuota',
    ...key,
    reason: 'allocation_supersede',
    direction: delta.isPositive() ? 'increase' : 'decrease',
    amountYuan: yuan(delta.abs()),
    note: `allocation run ${app.runId} ${because}`.slice(0, 500),
  };
}

export function decideApplication(
  app: QuotaApplication,
  state: ApplicationState,
  context: DecisionContext,
): HospitalBudgetEvent[] {
  const command = applicationCommand(app, state);
  return command === null ? [] : hospitalBudgetDecider.decide(command, state.budget, context);
}
