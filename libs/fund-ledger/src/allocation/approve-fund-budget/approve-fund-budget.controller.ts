import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { ApproveFundBudgetCommand } from './approve-fund-budget.command';
import { ApproveFundBudgetRequest } from './approve-fund-budget.request.dto';

@CommandController('allocation', 'fund-budgets')
export class ApproveFundBudgetController {
  constructor(private readonly commands: CommandBus) {}

  /** Approves a fund-year's budget: the total for hospital quotas (以收定支, §3.2 step 1). */
  @CommandEndpoint({
    roles: WRITE_ROLES.planning,
    summary:
      'Approve the fund-year budget -> FundBudgetApproved on fund-budget-{fundId}-{year} (409 ALREADY_EXISTS for a different second approval)',
    notFound: 'FUND_NOT_FOUND',
    refused: 'EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  approve(@Body() request: ApproveFundBudgetRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new ApproveFundBudgetCommand(envelope, request));
  }
}
