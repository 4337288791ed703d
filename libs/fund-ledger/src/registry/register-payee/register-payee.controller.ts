import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { RegisterPayeeCommand } from './register-payee.command';
import { RegisterPayeeRequest } from './register-payee.request.dto';

@CommandController('registry', 'payees')
export class RegisterPayeeController {
  constructor(private readonly commands: CommandBus) {}

  /** Registers a designated institution (两定机构: hospital, clinic, pharmacy). */
  @CommandEndpoint({
    roles: WRITE_ROLES.registry,
    summary: 'Register a payee (定点医疗机构/定点零售药店) -> PayeeRegistered',
  })
  register(@Body() request: RegisterPayeeRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new RegisterPayeeCommand(envelope, request));
  }
}
