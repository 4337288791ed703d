import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { SetContributionRatesCommand } from './set-contribution-rates.command';
import { SetContributionRatesRequest } from './set-contribution-rates.request.dto';

@CommandController('contributions', 'contribution-rates')
export class SetContributionRatesController {
  constructor(private readonly commands: CommandBus) {}

  /** Sets a new version of an employee pool's rates for a year; later payroll collections use it. */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary: "Set an employee pool's contribution rates for a year -> ContributionRatesSet",
    notFound: 'FUND_NOT_FOUND',
    refused: 'FUND_KIND_MISMATCH: a fund is not of the kind its role needs',
  })
  set(@Body() request: SetContributionRatesRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new SetContributionRatesCommand(envelope, request));
  }
}
