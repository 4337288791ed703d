import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { ApproveReversalCommand } from './approve-reversal.command';
import { ApproveReversalRequest } from './approve-reversal.request.dto';

@CommandController('corrections', 'reversals')
export class ApproveReversalController {
  constructor(private readonly commands: CommandBus) {}

  /** Four-eyes: a finance or admin user other than the requester; the reversal posts the exact negation. */
  @CommandEndpoint({
    path: 'approvals',
    roles: WRITE_ROLES.money,
    summary: 'Approve a requested reversal -> EventReversed (target stream), ReversalApproved',
    notFound: 'REVERSAL_NOT_REQUESTED, EVENT_NOT_FOUND',
    refused:
      'FOUR_EYES_REQUIRED (the requester cannot approve), ALREADY_REVERSED, REVERSAL_BLOCKED, PERIOD_CLOSED (post a late item to the open period instead), QUOTA_EXCEEDED',
  })
  approve(@Body() request: ApproveReversalRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new ApproveReversalCommand(envelope, request));
  }
}
