import { Command, Query } from '@nestjs/cqrs';
import type { ReadQuery } from '@ledger/platform';
import type { ProjectionStatus } from '@ledger/projections';
import type { AccountBalance, TrialBalance } from '../journal/journal.fold';
import type { AnswerPoint } from './read-model.answer';

/** The journal's and the projections' operations (handlers: journal.query-handlers.ts). */

export type TrialBalanceAnswer = AnswerPoint & { readonly entries: number } & TrialBalance;

/** GET /journal/trial-balance: per fund and in total, always zero. */
export class GetTrialBalanceQuery extends Query<TrialBalanceAnswer> {
  constructor(readonly read: ReadQuery) {
    super();
  }
}

export interface NamedAccountBalance extends AccountBalance {
  readonly name: string | null;
  readonly nameZh: string | null;
}

export type AccountsAnswer = AnswerPoint & { readonly accounts: NamedAccountBalance[] };

/** GET /journal/accounts: every account's balance with its chart name, one fund's when fundId is given. */
export class GetAccountsQuery extends Query<AccountsAnswer> {
  constructor(
    readonly read: ReadQuery,
    readonly fundId: string | undefined,
  ) {
    super();
  }
}

/** GET /projections: each projection's checkpoint and lag, in positions and in seconds. */
export class GetProjectionStatusesQuery extends Query<{ projections: ProjectionStatus[] }> {}

/** POST /projections/{name}/rebuild (admin): rebuild from zero while the old state serves, then swap. */
export class RebuildProjectionCommand extends Command<ProjectionStatus> {
  constructor(readonly name: string) {
    super();
  }
}
