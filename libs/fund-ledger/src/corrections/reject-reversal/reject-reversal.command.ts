import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { RejectReversalRequest } from './reject-reversal.request.dto';

export class RejectReversalCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: RejectReversalRequest,
  ) {
    super();
  }
}
