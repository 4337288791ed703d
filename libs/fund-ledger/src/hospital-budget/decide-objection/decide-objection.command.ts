import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { DecideObjectionRequest } from './decide-objection.request.dto';

export class DecideObjectionCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: DecideObjectionRequest,
  ) {
    super();
  }
}
