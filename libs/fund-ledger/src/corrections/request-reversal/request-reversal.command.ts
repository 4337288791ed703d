import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { RequestReversalRequest } from './request-reversal.request.dto';

export class RequestReversalCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: RequestReversalRequest,
  ) {
    super();
  }
}
