import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { RequestReversalCommand } from './request-reversal.command';
import { RequestReversalRequest } from './request-reversal.request.dto';

@CommandController('corrections', 'reversals')
export class RequestReversalController {
  constructor(private readonly commands: CommandBus) {}

  /** Asks for a reversal (红字冲销) of one money event; a different finance or admin user approves it. */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary: 'Request the reversal of a money event -> ReversalRequested (nothing moves yet)',
    notFound: 'EVENT_NOT_FOUND',
    refused:
      'REVERSAL_OF_REVERSAL, ALREADY_REVERSED, REVERSAL_PENDING, NOT_A_MONEY_EVENT, REVERSAL_NOT_SUPPORTED, REVERSAL_BLOCKED, PERIOD_CLOSED (post a late item to the open period instead), QUOTA_EXCEEDED, EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  request(@Body() request: RequestReversalRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new RequestReversalCommand(envelope, request));
  }
}
