import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { RecoverReceivableCommand } from './recover-receivable.command';
import { RecoverReceivableRequest } from './recover-receivable.request.dto';

@CommandController('hospital-budgets', 'receivable-recoveries')
export class RecoverReceivableController {
  constructor(private readonly commands: CommandBus) {}

  /** Records the hospital's repayment of what it owes (clawbacks, liquidated damages, year-end balances). */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary: 'Record a receivable repayment -> ReceivableRecovered',
    notFound: 'RECEIVABLE_NOT_FOUND',
    refused: 'RECOVERY_EXCEEDS_OUTSTANDING, QUOTA_NOT_SET, PERIOD_CLOSED',
  })
  recover(@Body() request: RecoverReceivableRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new RecoverReceivableCommand(envelope, request));
  }
}
