import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { AssessClawbackCommand } from './assess-clawback.command';
import { AssessClawbackRequest } from './assess-clawback.request.dto';

@CommandController('hospital-budgets', 'clawbacks')
export class AssessClawbackController {
  constructor(private readonly commands: CommandBus) {}

  /** Takes back money already paid (追回); a late clawback after the year closed posts to the open period, naming its service year. */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary: 'Assess a clawback (in-year or late) -> ClawbackAssessed',
    refused:
      'PERIOD_CLOSED (effective date not after the closed service year), CLAWBACK_EXCEEDS_APPROVED, QUOTA_NOT_SET, EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  assess(@Body() request: AssessClawbackRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new AssessClawbackCommand(envelope, request));
  }
}
