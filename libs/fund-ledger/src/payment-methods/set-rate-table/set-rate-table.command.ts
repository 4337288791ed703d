import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { SetRateTableRequest } from './set-rate-table.request.dto';

export class SetRateTableCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: SetRateTableRequest,
  ) {
    super();
  }
}
