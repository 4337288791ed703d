import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { RegisterFundRequest } from './register-fund.request.dto';

export class RegisterFundCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: RegisterFundRequest,
  ) {
    super();
  }
}
