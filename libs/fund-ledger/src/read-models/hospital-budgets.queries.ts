import { Query } from '@nestjs/cqrs';
import type { ReadQuery } from '@ledger/platform';
import type { carryForwardView } from './carry-forward.projection';
import type { overBudgetSharingView } from './over-budget-sharing.projection';
import type { AnswerPoint } from './read-model.answer';
import type { CarryForwardQuery, HospitalBudgetSummaryQuery, HospitalYearParams, OverBudgetSharingQuery } from './read-model.dtos';
import type { SortOrder, SummarySortBy, hospitalBudgetSummary } from './hospital-budgets.summary';
import type { HospitalYearView } from './hospital-budgets.views';

/** The read side's queries about hospital budgets (handlers: hospital-budgets.query-handlers.ts). */

export type HospitalBudgetSummaryAnswer = AnswerPoint & {
  readonly businessDate: string;
  readonly sortBy: SummarySortBy | null;
  readonly order: SortOrder;
} & ReturnType<typeof hospitalBudgetSummary>;

/** GET /hospital-budgets/summary: hospital-years filtered, sorted by execution, overrun or warning, paged. */
export class GetHospitalBudgetSummaryQuery extends Query<HospitalBudgetSummaryAnswer> {
  constructor(readonly request: HospitalBudgetSummaryQuery) {
    super();
  }
}

export type HospitalYearProjectionAnswer = AnswerPoint & HospitalYearView;

/** GET /hospital-budgets/{fundId}/{payeeId}/{year}/projection: one hospital-year as the read model folds it. */
export class GetHospitalYearProjectionQuery extends Query<HospitalYearProjectionAnswer> {
  constructor(
    readonly hospitalYear: HospitalYearParams,
    readonly read: ReadQuery,
  ) {
    super();
  }
}

export type CarryForwardAnswer = AnswerPoint & ReturnType<typeof carryForwardView>;

/** GET /carry-forward/{payeeId}: a hospital's carry-forward credits. */
export class GetCarryForwardQuery extends Query<CarryForwardAnswer> {
  constructor(
    readonly payeeId: string,
    readonly request: CarryForwardQuery,
  ) {
    super();
  }
}

export type OverBudgetSharingAnswer = AnswerPoint & ReturnType<typeof overBudgetSharingView>;

/** GET /over-budget-sharing: the sharing of each settled hospital-year's overrun, paged. */
export class GetOverBudgetSharingQuery extends Query<OverBudgetSharingAnswer> {
  constructor(readonly request: OverBudgetSharingQuery) {
    super();
  }
}
