import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { ReinstateAgreementRequest } from './reinstate-agreement.request.dto';

export class ReinstateAgreementCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: ReinstateAgreementRequest,
  ) {
    super();
  }
}
