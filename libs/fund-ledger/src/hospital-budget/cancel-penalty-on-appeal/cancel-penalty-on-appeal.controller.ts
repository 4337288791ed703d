import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { CancelPenaltyOnAppealCommand } from './cancel-penalty-on-appeal.command';
import { CancelPenaltyOnAppealRequest } from './cancel-penalty-on-appeal.request.dto';

@CommandController('hospital-budgets', 'penalty-cancellations')
export class CancelPenaltyOnAppealController {
  constructor(private readonly commands: CommandBus) {}

  /** Liquidated damages or a fine set aside on appeal: the assessment's postings exactly negated. */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary: 'Cancel liquidated damages or a fine on appeal -> PenaltyCancelledOnAppeal',
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND, PENALTY_NOT_FOUND',
    refused: 'PENALTY_ALREADY_CANCELLED, PENALTY_ALREADY_RECOVERED, PERIOD_CLOSED, EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  cancel(@Body() request: CancelPenaltyOnAppealRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new CancelPenaltyOnAppealCommand(envelope, request));
  }
}
