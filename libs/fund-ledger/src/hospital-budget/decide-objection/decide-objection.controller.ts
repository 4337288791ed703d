import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { DecideObjectionCommand } from './decide-objection.command';
import { DecideObjectionRequest } from './decide-objection.request.dto';

@CommandController('hospital-budgets', 'objections/decisions')
export class DecideObjectionController {
  constructor(private readonly commands: CommandBus) {}

  /** The agency decides a month's objection: upheld pays the overturned part (补充结算), rejected pays nothing. */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary: 'Decide an objection -> ObjectionDecided (+ SupplementarySettlementPosted when upheld)',
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND, OBJECTION_NOT_FOUND, SETTLEMENT_NOT_FOUND',
    refused: 'OBJECTION_ALREADY_DECIDED, AGREEMENT_INACTIVE, FUND_KIND_NOT_POOLED, QUOTA_NOT_SET, PERIOD_CLOSED, EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  decide(@Body() request: DecideObjectionRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new DecideObjectionCommand(envelope, request));
  }
}
