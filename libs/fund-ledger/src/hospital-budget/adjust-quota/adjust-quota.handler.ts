import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../hospital-budget.streams';
import { AdjustQuotaCommand } from './adjust-quota.command';
import { decideAdjustQuota } from './adjust-quota.decider';

@CommandHandler(AdjustQuotaCommand)
export class AdjustQuotaHandler implements ICommandHandler<AdjustQuotaCommand, CommandResult> {
  constructor(private readonly streams: HospitalBudgetStreams) {}

  execute({ envelope, request }: AdjustQuotaCommand): Promise<CommandResult> {
    const { fundId, payeeId, year, reason, direction, amountYuan, downgradePercent, fromYear, note } = request;
    // The stream already exists (QuotaSet checked the registry); a missing quota is the decider's 422.
    return this.streams.handle(
      envelope,
      {
        type: 'AdjustQuota',
        fundId,
        payeeId,
        year,
        reason,
        direction,
        amountYuan,
        downgradePercent,
        fromYear,
        note,
      },
      decideAdjustQuota,
    );
  }
}
