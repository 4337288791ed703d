import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { RegisterPayeeRequest } from './register-payee.request.dto';

export class RegisterPayeeCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: RegisterPayeeRequest,
  ) {
    super();
  }
}
