import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ProjectionStatus } from '@ledger/projections';
import { accountBalances, trialBalance } from '../journal/journal.fold';
import { chartEntryFor } from '../journal/chart-of-accounts';
import { journalProjection } from './journal.projection';
import { ProjectionRegistry } from './projection-registry';
import {
  GetAccountsQuery,
  GetProjectionStatusesQuery,
  GetTrialBalanceQuery,
  RebuildProjectionCommand,
  type AccountsAnswer,
  type TrialBalanceAnswer,
} from './journal.queries';

/** The trial balance summed over the accounts (the auditor's figure; /health reads the running total). */
@QueryHandler(GetTrialBalanceQuery)
export class GetTrialBalanceHandler implements IQueryHandler<GetTrialBalanceQuery, TrialBalanceAnswer> {
  constructor(private readonly projections: ProjectionRegistry) {}

  async execute({ read }: GetTrialBalanceQuery): Promise<TrialBalanceAnswer> {
    const answer = await this.projections.read(journalProjection, read);
    return { asOf: answer.asOf, position: answer.position, entries: answer.state.entryCount, ...trialBalance(answer.state) };
  }
}

@QueryHandler(GetAccountsQuery)
export class GetAccountsHandler implements IQueryHandler<GetAccountsQuery, AccountsAnswer> {
  constructor(private readonly projections: ProjectionRegistry) {}

  async execute({ read, fundId }: GetAccountsQuery): Promise<AccountsAnswer> {
    const answer = await this.projections.read(journalProjection, read);
    const balances = accountBalances(answer.state, fundId).map((balance) => ({
      ...balance,
      name: chartEntryFor(balance.account)?.name ?? null,
      nameZh: chartEntryFor(balance.account)?.nameZh ?? null,
    }));
    return { asOf: answer.asOf, position: answer.position, accounts: balances };
  }
}

@QueryHandler(GetProjectionStatusesQuery)
export class GetProjectionStatusesHandler implements IQueryHandler<GetProjectionStatusesQuery, { projections: ProjectionStatus[] }> {
  constructor(private readonly projections: ProjectionRegistry) {}

  async execute(): Promise<{ projections: ProjectionStatus[] }> {
    return { projections: await this.projections.statuses() };
  }
}

@CommandHandler(RebuildProjectionCommand)
export class RebuildProjectionHandler implements ICommandHandler<RebuildProjectionCommand, ProjectionStatus> {
  constructor(private readonly projections: ProjectionRegistry) {}

  execute({ name }: RebuildProjectionCommand): Promise<ProjectionStatus> {
    return this.projections.rebuild(name);
  }
}

export const JOURNAL_HANDLERS = [GetTrialBalanceHandler, GetAccountsHandler, GetProjectionStatusesHandler, RebuildProjectionHandler];
