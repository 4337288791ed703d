import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../hospital-budget.streams';
import { CancelPenaltyOnAppealCommand } from './cancel-penalty-on-appeal.command';
import { decideCancelPenaltyOnAppeal } from './cancel-penalty-on-appeal.decider';

@CommandHandler(CancelPenaltyOnAppealCommand)
export class CancelPenaltyOnAppealHandler implements ICommandHandler<CancelPenaltyOnAppealCommand, CommandResult> {
  constructor(private readonly streams: HospitalBudgetStreams) {}

  async execute({ envelope, request }: CancelPenaltyOnAppealCommand): Promise<CommandResult> {
    const { fundId, payeeId, year, penaltyKind, penaltyId, decisionRef, reason } = request;
    await this.streams.assertRegistered(fundId, payeeId);
    return this.streams.handle(
      envelope,
      { type: 'CancelPenaltyOnAppeal', fundId, payeeId, year, penaltyKind, penaltyId, decisionRef, reason },
      decideCancelPenaltyOnAppeal,
    );
  }
}
