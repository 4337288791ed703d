import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { PostMethodSettlementRequest } from './post-method-settlement.request.dto';

export class PostMethodSettlementCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: PostMethodSettlementRequest,
  ) {
    super();
  }
}
