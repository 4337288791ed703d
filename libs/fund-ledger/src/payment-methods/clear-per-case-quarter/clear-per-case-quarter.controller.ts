import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { ClearPerCaseQuarterCommand } from './clear-per-case-quarter.command';
import { ClearPerCaseQuarterRequest } from './clear-per-case-quarter.request.dto';

@CommandController('hospital-budgets', 'per-case-clearings')
export class ClearPerCaseQuarterController {
  constructor(private readonly commands: CommandBus) {}

  /** Clears a quarter of the per-case cap (每季度清算, R-PAY-5): pays what the months held back up to the quarter's cap, refuses the rest. */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary: "Clear a quarter of the per-case cap -> PerCaseQuarterCleared",
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND',
    refused:
      'QUARTER_ALREADY_CLEARED, QUARTER_INCOMPLETE, METHOD_NOT_ASSIGNED, MONTH_NOT_ENDED, AGREEMENT_INACTIVE, QUOTA_NOT_SET, PERIOD_CLOSED, EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  clear(@Body() request: ClearPerCaseQuarterRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new ClearPerCaseQuarterCommand(envelope, request));
  }
}
