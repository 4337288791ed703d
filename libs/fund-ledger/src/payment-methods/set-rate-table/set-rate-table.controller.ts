import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { SetRateTableCommand } from './set-rate-table.command';
import { SetRateTableRequest } from './set-rate-table.request.dto';

@CommandController('budget-policy', 'rate-tables')
export class SetRateTableController {
  constructor(private readonly commands: CommandBus) {}

  /** Records a new version of a fund-year's unit prices: DRG weights and base rate, disease standards, per diem, per-case cap. */
  @CommandEndpoint({
    roles: WRITE_ROLES.planning,
    summary: "Set a version of a fund-year's payment-method rate table -> RateTableSet",
    notFound: 'FUND_NOT_FOUND',
    refused: 'RATE_TABLE_VERSION_LIMIT',
  })
  set(@Body() request: SetRateTableRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new SetRateTableCommand(envelope, request));
  }
}
