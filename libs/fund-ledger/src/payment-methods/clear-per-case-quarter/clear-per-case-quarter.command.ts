import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { ClearPerCaseQuarterRequest } from './clear-per-case-quarter.request.dto';

export class ClearPerCaseQuarterCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: ClearPerCaseQuarterRequest,
  ) {
    super();
  }
}
