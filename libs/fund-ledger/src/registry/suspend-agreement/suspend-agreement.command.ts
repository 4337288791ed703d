import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { SuspendAgreementRequest } from './suspend-agreement.request.dto';

export class SuspendAgreementCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: SuspendAgreementRequest,
  ) {
    super();
  }
}
