import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { AdjustQuotaCommand } from './adjust-quota.command';
import { AdjustQuotaRequest } from './adjust-quota.request.dto';

@CommandController('hospital-budgets', 'quotas/adjustments')
export class AdjustQuotaController {
  constructor(private readonly commands: CommandBus) {}

  /** Changes a hospital-year's quota with its reason and inputs (R-BUD-9 increase, R-BUD-11 downgrade). */
  @CommandEndpoint({
    roles: WRITE_ROLES.planning,
    summary: "Adjust a hospital-year's quota -> QuotaAdjusted",
    refused:
      'QUOTA_NOT_SET, INVALID_QUOTA_ADJUSTMENT (below the cash already paid, wrong direction, credit carried in twice), PERIOD_CLOSED',
  })
  adjust(@Body() request: AdjustQuotaRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new AdjustQuotaCommand(envelope, request));
  }
}
