import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { AssignPaymentMethodsRequest } from './assign-payment-methods.request.dto';

export class AssignPaymentMethodsCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: AssignPaymentMethodsRequest,
  ) {
    super();
  }
}
