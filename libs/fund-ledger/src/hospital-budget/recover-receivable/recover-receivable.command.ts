import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { RecoverReceivableRequest } from './recover-receivable.request.dto';

export class RecoverReceivableCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: RecoverReceivableRequest,
  ) {
    super();
  }
}
