import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { SetBudgetPolicyCommand } from './set-budget-policy.command';
import { SetBudgetPolicyRequest } from './set-budget-policy.request.dto';

@CommandController('budget-policy', 'budget-policies')
export class SetBudgetPolicyController {
  constructor(private readonly commands: CommandBus) {}

  /** Changes a fund-year's budget policy until the year's first year-end settlement freezes it. */
  @CommandEndpoint({
    roles: WRITE_ROLES.planning,
    summary: "Set a fund-year's budget policy (changes merged over the policy in force) -> BudgetPolicySet",
    notFound: 'FUND_NOT_FOUND',
    refused: 'POLICY_FROZEN: a year-end settlement already applied this policy',
  })
  set(@Body() request: SetBudgetPolicyRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new SetBudgetPolicyCommand(envelope, request));
  }
}
