import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../hospital-budget.streams';
import { SetQuotaCommand } from './set-quota.command';
import { decideSetQuota } from './set-quota.decider';

@CommandHandler(SetQuotaCommand)
export class SetQuotaHandler implements ICommandHandler<SetQuotaCommand, CommandResult> {
  constructor(private readonly streams: HospitalBudgetStreams) {}

  /** A recorded command id answers its first result before any fact is read again: facts move on (a year closes). */
  execute(command: SetQuotaCommand): Promise<CommandResult> {
    return this.streams.firstResultOr(command.envelope, () => this.run(command));
  }

  private async run({ envelope, request }: SetQuotaCommand): Promise<CommandResult> {
    const { fundId, payeeId, year, quotaYuan, method, runId, basis } = request;
    // A quota opens the budget stream: only for a registered fund and payee (404 otherwise), and only on a
    // pooled fund (the decider's rule, 422).
    await this.streams.assertRegistered(fundId, payeeId);
    const fundKind = await this.streams.fundKind(fundId);
    return this.streams.handle(
      envelope,
      { type: 'SetQuota', fundId, payeeId, year, quotaYuan, method, runId, basis, fundKind },
      decideSetQuota,
    );
  }
}
