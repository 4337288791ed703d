import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { CancelPenaltyOnAppealRequest } from './cancel-penalty-on-appeal.request.dto';

export class CancelPenaltyOnAppealCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: CancelPenaltyOnAppealRequest,
  ) {
    super();
  }
}
