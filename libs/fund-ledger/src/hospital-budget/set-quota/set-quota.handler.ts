import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../hospital-budget.streams';
import { SetQuotaCommand } from './set-quota.command';
import { decideSetQuota } from './set-quota.decider';

@CommandHandler(SetQuotaCommand)
export class SetQuotaHandler implements ICommandHandler<SetQuotaCommand, CommandResult> {
  constructor(private readonly streams: HospitalBudgetStreams) {}

  async execute({ envelope, request }: SetQuotaCommand): Promise<CommandResult> {
    const { fundId, payeeId, year, quotaYuan, method, runId, basis } = request;
    // A quota opens the budget stream: only for a registered fund and payee (404 otherwise).
    await this.streams.assertRegistered(fundId, payeeId);
    return this.streams.handle(
      envelope,
      { type: 'SetQuota', fundId, payeeId, year, quotaYuan, method, runId, basis },
      decideSetQuota,
    );
  }
}
