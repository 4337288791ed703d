import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { CollectContributionCommand } from './collect-contribution.command';
import { CollectContributionRequest } from './collect-contribution.request.dto';

@CommandController('contributions', 'contributions')
export class CollectContributionController {
  constructor(private readonly commands: CommandBus) {}

  /** Books income other than payroll: individual, subsidy, assistance-paid, interest, other. */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary: 'Collect a contribution or other income into a fund -> ContributionCollected',
    notFound: 'FUND_NOT_FOUND (fundId or payingFundId)',
    refused: 'FUND_KIND_MISMATCH: assistance_paid needs a resident_pooled fund paid by a medical_assistance fund',
  })
  collect(@Body() request: CollectContributionRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new CollectContributionCommand(envelope, request));
  }
}
