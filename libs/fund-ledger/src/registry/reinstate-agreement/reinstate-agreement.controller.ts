import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { ReinstateAgreementCommand } from './reinstate-agreement.command';
import { ReinstateAgreementRequest } from './reinstate-agreement.request.dto';

@CommandController('registry', 'agreements')
export class ReinstateAgreementController {
  constructor(private readonly commands: CommandBus) {}

  /** Lifts a suspension: settlement under the unchanged agreement resumes. */
  @CommandEndpoint({
    roles: WRITE_ROLES.registry,
    summary: 'Lift a suspension -> AgreementReinstated',
    path: 'reinstatements',
    notFound: 'PAYEE_NOT_FOUND',
    refused: 'INVALID_TRANSITION: no agreement with the fund, or not in a state this change applies to',
  })
  reinstate(@Body() request: ReinstateAgreementRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new ReinstateAgreementCommand(envelope, request));
  }
}
