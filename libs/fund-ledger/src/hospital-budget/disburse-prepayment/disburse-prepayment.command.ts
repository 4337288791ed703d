import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { DisbursePrepaymentRequest } from './disburse-prepayment.request.dto';

export class DisbursePrepaymentCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: DisbursePrepaymentRequest,
  ) {
    super();
  }
}
