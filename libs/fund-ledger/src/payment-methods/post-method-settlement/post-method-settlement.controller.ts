import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { PostMethodSettlementCommand } from './post-method-settlement.command';
import { PostMethodSettlementRequest } from './post-method-settlement.request.dto';

@CommandController('hospital-budgets', 'method-settlements')
export class PostMethodSettlementController {
  constructor(private readonly commands: CommandBus) {}

  /** Settles one month of one unit-price method (DRG, single disease, per diem, per-case cap) inside the global budget. */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary: 'Post a month of a payment method (DRG, single disease, per diem, per-case cap) -> MethodSettlementPosted',
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND',
    refused:
      'METHOD_NOT_ASSIGNED, METHOD_ALREADY_SETTLED, RATE_TABLE_NOT_SET, RATE_NOT_IN_TABLE, UNKNOWN_GROUP_CODE, UNKNOWN_DISEASE_CODE, WEIGHT_NOT_IN_TABLE, MONTH_NOT_ENDED, AGREEMENT_INACTIVE, QUOTA_NOT_SET, PERIOD_CLOSED, EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  post(@Body() request: PostMethodSettlementRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new PostMethodSettlementCommand(envelope, request));
  }
}
