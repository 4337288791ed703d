import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { RecordOpeningBalanceRequest } from './record-opening-balance.request.dto';

export class RecordOpeningBalanceCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: RecordOpeningBalanceRequest,
  ) {
    super();
  }
}
