import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { RejectReversalCommand } from './reject-reversal.command';
import { RejectReversalRequest } from './reject-reversal.request.dto';

@CommandController('corrections', 'reversals')
export class RejectReversalController {
  constructor(private readonly commands: CommandBus) {}

  /** Any finance or admin user; by the requester it is a withdrawal. Nothing had moved. */
  @CommandEndpoint({
    path: 'rejections',
    roles: WRITE_ROLES.money,
    summary: 'Reject (or withdraw) a requested reversal -> ReversalRejected',
    notFound: 'REVERSAL_NOT_REQUESTED',
    refused: 'ALREADY_REVERSED',
  })
  reject(@Body() request: RejectReversalRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new RejectReversalCommand(envelope, request));
  }
}
