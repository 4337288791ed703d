import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { SignAgreementCommand } from './sign-agreement.command';
import { SignAgreementRequest } from './sign-agreement.request.dto';

@CommandController('registry', 'agreements')
export class SignAgreementController {
  constructor(private readonly commands: CommandBus) {}

  /** Signs a service agreement (服务协议) with a fund, or renews the current one. */
  @CommandEndpoint({
    roles: WRITE_ROLES.registry,
    summary: 'Sign or renew a service agreement (服务协议) -> AgreementSigned',
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND',
    refused: 'INVALID_TRANSITION: renewing a suspended or terminated agreement, or backwards in time',
  })
  sign(@Body() request: SignAgreementRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new SignAgreementCommand(envelope, request));
  }
}
