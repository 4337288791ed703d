import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { PostMonthlySettlementRequest } from './post-monthly-settlement.request.dto';

export class PostMonthlySettlementCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: PostMonthlySettlementRequest,
  ) {
    super();
  }
}
