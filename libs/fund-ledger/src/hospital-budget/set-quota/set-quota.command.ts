import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { SetQuotaRequest } from './set-quota.request.dto';

export class SetQuotaCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: SetQuotaRequest,
  ) {
    super();
  }
}
