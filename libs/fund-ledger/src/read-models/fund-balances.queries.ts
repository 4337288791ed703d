import { Query } from '@nestjs/cqrs';
import type { AnswerPoint } from './read-model.answer';
import type { FundBalancesQuery } from './read-model.dtos';
import type { allFundsView, FundYearView } from './fund-balances.views';

/** The read side's queries about fund balances (handlers: fund-balances.query-handlers.ts). */

export type AllFundBalancesAnswer = AnswerPoint & { readonly businessDate: string; readonly year: number } & ReturnType<typeof allFundsView>;

/** GET /fund-balances: every fund's year totals, grouped (pooled, personal, other, treasury). */
export class GetAllFundBalancesQuery extends Query<AllFundBalancesAnswer> {
  constructor(readonly request: FundBalancesQuery) {
    super();
  }
}

export type FundYearAnswer = AnswerPoint & { readonly businessDate: string; readonly view: FundYearView };

/** One fund's year by month (GET /fund-balances/{fundId} and its monthly report); 404 FUND_NOT_FOUND. */
export class GetFundYearQuery extends Query<FundYearAnswer> {
  constructor(
    readonly fundId: string,
    readonly request: FundBalancesQuery,
  ) {
    super();
  }
}
