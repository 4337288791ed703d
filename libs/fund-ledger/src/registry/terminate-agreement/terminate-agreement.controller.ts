import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { TerminateAgreementCommand } from './terminate-agreement.command';
import { TerminateAgreementRequest } from './terminate-agreement.request.dto';

@CommandController('registry', 'agreements')
export class TerminateAgreementController {
  constructor(private readonly commands: CommandBus) {}

  /** Terminates the agreement (解除服务协议); final, a new designation is needed. */
  @CommandEndpoint({
    roles: WRITE_ROLES.registry,
    summary: 'Terminate an agreement, finally (解除服务协议) -> AgreementTerminated',
    path: 'terminations',
    notFound: 'PAYEE_NOT_FOUND',
    refused: 'INVALID_TRANSITION: no agreement with the fund, or not in a state this change applies to',
  })
  terminate(@Body() request: TerminateAgreementRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new TerminateAgreementCommand(envelope, request));
  }
}
