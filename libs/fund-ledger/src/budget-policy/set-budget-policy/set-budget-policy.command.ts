import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { SetBudgetPolicyRequest } from './set-budget-policy.request.dto';

export class SetBudgetPolicyCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: SetBudgetPolicyRequest,
  ) {
    super();
  }
}
