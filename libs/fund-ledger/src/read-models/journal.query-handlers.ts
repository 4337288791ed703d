import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Problems } from '@ledger/platform';
import type { ProjectionStatus } from '@ledger/projections';
import { chartEntryFor } from '../journal/chart-of-accounts';
import { isDurable } from './durable/durable-projections';
import { accountBalancesAt, trialBalanceAt } from './durable/journal.read-model';
import { ProjectionStatuses } from './projection-statuses';
import { ReadSide } from './read-side.port';
import { ReadSideService } from './read-side.service';
import {
  GetAccountsQuery,
  GetProjectionStatusesQuery,
  GetTrialBalanceQuery,
  RebuildProjectionCommand,
  type AccountsAnswer,
  type TrialBalanceAnswer,
} from './journal.queries';

/** The trial balance summed over the accounts at the read's point (the auditor's figure; /health reads the running total). */
@QueryHandler(GetTrialBalanceQuery)
export class GetTrialBalanceHandler implements IQueryHandler<GetTrialBalanceQuery, TrialBalanceAnswer> {
  constructor(private readonly readSide: ReadSide) {}

  async execute({ read }: GetTrialBalanceQuery): Promise<TrialBalanceAnswer> {
    const point = await this.readSide.point('journal', read);
    const { entries, ...balance } = await trialBalanceAt(this.readSide.reader('journal'), point);
    return { asOf: point.asOf, position: point.position, entries, ...balance };
  }
}

@QueryHandler(GetAccountsQuery)
export class GetAccountsHandler implements IQueryHandler<GetAccountsQuery, AccountsAnswer> {
  constructor(private readonly readSide: ReadSide) {}

  async execute({ read, fundId }: GetAccountsQuery): Promise<AccountsAnswer> {
    const point = await this.readSide.point('journal', read);
    const balances = (await accountBalancesAt(this.readSide.reader('journal'), point, fundId)).map((balance) => ({
      ...balance,
      name: chartEntryFor(balance.account)?.name ?? null,
      nameZh: chartEntryFor(balance.account)?.nameZh ?? null,
    }));
    return { asOf: point.asOf, position: point.position, accounts: balances };
  }
}

@QueryHandler(GetProjectionStatusesQuery)
export class GetProjectionStatusesHandler implements IQueryHandler<GetProjectionStatusesQuery, { projections: ProjectionStatus[] }> {
  constructor(private readonly statuses: ProjectionStatuses) {}

  async execute(): Promise<{ projections: ProjectionStatus[] }> {
    return { projections: await this.statuses.all({ freshHead: true }) };
  }
}

/** Rebuilds a read model in shadow tables while the active ones serve, then swaps (engine.rebuild). */
@CommandHandler(RebuildProjectionCommand)
export class RebuildProjectionHandler implements ICommandHandler<RebuildProjectionCommand, ProjectionStatus> {
  constructor(
    private readonly readSide: ReadSideService,
    private readonly statuses: ProjectionStatuses,
  ) {}

  async execute({ name }: RebuildProjectionCommand): Promise<ProjectionStatus> {
    if (!isDurable(name)) throw Problems.notFound('PROJECTION_NOT_FOUND', `no live projection named ${name}`, 'name');
    await this.readSide.rebuild(name);
    const status = (await this.statuses.all()).find((s) => s.name === name);
    if (!status) throw Problems.notFound('PROJECTION_NOT_FOUND', `no live projection named ${name}`, 'name');
    return status;
  }
}

export const JOURNAL_HANDLERS = [GetTrialBalanceHandler, GetAccountsHandler, GetProjectionStatusesHandler, RebuildProjectionHandler];
