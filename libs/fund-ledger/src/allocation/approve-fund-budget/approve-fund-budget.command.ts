import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { ApproveFundBudgetRequest } from './approve-fund-budget.request.dto';

export class ApproveFundBudgetCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: ApproveFundBudgetRequest,
  ) {
    super();
  }
}
