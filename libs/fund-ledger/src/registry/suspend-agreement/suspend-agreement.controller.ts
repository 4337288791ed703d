import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { SuspendAgreementCommand } from './suspend-agreement.command';
import { SuspendAgreementRequest } from './suspend-agreement.request.dto';

@CommandController('registry', 'agreements')
export class SuspendAgreementController {
  constructor(private readonly commands: CommandBus) {}

  /** Suspends settlement under the active agreement (暂停结算) from the effective date. */
  @CommandEndpoint({
    roles: WRITE_ROLES.registry,
    summary: 'Suspend settlement under an active agreement (暂停协议) -> AgreementSuspended',
    path: 'suspensions',
    notFound: 'PAYEE_NOT_FOUND',
    refused: 'INVALID_TRANSITION: no agreement with the fund, or not in a state this change applies to',
  })
  suspend(@Body() request: SuspendAgreementRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new SuspendAgreementCommand(envelope, request));
  }
}
