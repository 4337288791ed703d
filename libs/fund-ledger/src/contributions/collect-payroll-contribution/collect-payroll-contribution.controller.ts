import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { CollectPayrollContributionCommand } from './collect-payroll-contribution.command';
import { CollectPayrollContributionRequest } from './collect-payroll-contribution.request.dto';

@CommandController('contributions', 'contributions')
export class CollectPayrollContributionController {
  constructor(private readonly commands: CommandBus) {}

  /** Books an employer's monthly payroll contribution, split to the pooled, personal and maternity funds. */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary: "Collect an employer's monthly payroll contribution (WE-7 split) -> PayrollContributionCollected",
    path: 'payroll',
    notFound: 'FUND_NOT_FOUND',
    refused: "RATES_NOT_SET: no contribution rates for the pool and the period's year",
  })
  collect(
    @Body() request: CollectPayrollContributionRequest,
    @Envelope() envelope: CommandEnvelope,
  ): Promise<CommandResult> {
    return this.commands.execute(new CollectPayrollContributionCommand(envelope, request));
  }
}
