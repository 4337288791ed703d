import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { SettlementAction } from '../fund-book.events';
import type { SettleOpenItemRequest } from './settle-open-item.request.dto';

export class SettleOpenItemCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly action: SettlementAction,
    readonly request: SettleOpenItemRequest,
  ) {
    super();
  }
}
