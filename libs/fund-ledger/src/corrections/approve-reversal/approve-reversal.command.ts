import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { ApproveReversalRequest } from './approve-reversal.request.dto';

export class ApproveReversalCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: ApproveReversalRequest,
  ) {
    super();
  }
}
