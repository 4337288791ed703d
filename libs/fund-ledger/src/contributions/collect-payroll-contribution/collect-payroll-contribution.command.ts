import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { CollectPayrollContributionRequest } from './collect-payroll-contribution.request.dto';

export class CollectPayrollContributionCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: CollectPayrollContributionRequest,
  ) {
    super();
  }
}
