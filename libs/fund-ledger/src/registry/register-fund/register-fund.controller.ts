import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { RegisterFundCommand } from './register-fund.command';
import { RegisterFundRequest } from './register-fund.request.dto';

@CommandController('registry', 'funds')
export class RegisterFundController {
  constructor(private readonly commands: CommandBus) {}

  /** Registers a fund (统筹基金, 个人账户, 居民医保, 医疗救助, 生育). */
  @CommandEndpoint({ roles: WRITE_ROLES.registry, summary: 'Register a fund -> FundRegistered' })
  register(@Body() request: RegisterFundRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new RegisterFundCommand(envelope, request));
  }
}
