import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { AssessClawbackRequest } from './assess-clawback.request.dto';

export class AssessClawbackCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: AssessClawbackRequest,
  ) {
    super();
  }
}
