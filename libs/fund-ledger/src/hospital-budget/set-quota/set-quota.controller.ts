import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { SetQuotaCommand } from './set-quota.command';
import { SetQuotaRequest } from './set-quota.request.dto';

@CommandController('hospital-budgets', 'quotas')
export class SetQuotaController {
  constructor(private readonly commands: CommandBus) {}

  /** Sets a hospital's annual global budget (总额预算) for a fund; later changes are adjustments. */
  @CommandEndpoint({
    roles: WRITE_ROLES.planning,
    summary: "Set a hospital-year's quota -> QuotaSet (409 ALREADY_EXISTS when set: adjust it instead)",
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND',
    refused: 'PERIOD_CLOSED, EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  set(@Body() request: SetQuotaRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new SetQuotaCommand(envelope, request));
  }
}
