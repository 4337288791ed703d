import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { SignAgreementRequest } from './sign-agreement.request.dto';

export class SignAgreementCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: SignAgreementRequest,
  ) {
    super();
  }
}
