import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { TerminateAgreementRequest } from './terminate-agreement.request.dto';

export class TerminateAgreementCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: TerminateAgreementRequest,
  ) {
    super();
  }
}
