import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { AdjustQuotaRequest } from './adjust-quota.request.dto';

export class AdjustQuotaCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: AdjustQuotaRequest,
  ) {
    super();
  }
}
