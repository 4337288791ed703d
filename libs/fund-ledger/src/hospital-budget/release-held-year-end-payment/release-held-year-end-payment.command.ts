import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { ReleaseHeldYearEndPaymentRequest } from './release-held-year-end-payment.request.dto';

export class ReleaseHeldYearEndPaymentCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: ReleaseHeldYearEndPaymentRequest,
  ) {
    super();
  }
}
