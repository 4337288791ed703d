import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { FileObjectionRequest } from './file-objection.request.dto';

export class FileObjectionCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: FileObjectionRequest,
  ) {
    super();
  }
}
