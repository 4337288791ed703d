import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { ImposeFineRequest } from './impose-fine.request.dto';

export class ImposeFineCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: ImposeFineRequest,
  ) {
    super();
  }
}
