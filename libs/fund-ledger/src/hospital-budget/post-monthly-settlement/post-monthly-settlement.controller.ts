import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { PostMonthlySettlementCommand } from './post-monthly-settlement.command';
import { PostMonthlySettlementRequest } from './post-monthly-settlement.request.dto';

@CommandController('hospital-budgets', 'settlements')
export class PostMonthlySettlementController {
  constructor(private readonly commands: CommandBus) {}

  /** Posts a month's audited claim (按月审核支付): refusals, co-funding split, offsets against prepayments and receivables. */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary: 'Post a monthly settlement -> MonthlySettlementPosted',
    notFound: 'FUND_NOT_FOUND (also coFunding.fundId), PAYEE_NOT_FOUND',
    refused:
      'REFUSAL_EXCEEDS_CLAIM, MONTH_ALREADY_SETTLED, MONTH_NOT_ENDED, AGREEMENT_INACTIVE, QUOTA_NOT_SET, PERIOD_CLOSED, EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  post(@Body() request: PostMonthlySettlementRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new PostMonthlySettlementCommand(envelope, request));
  }
}
