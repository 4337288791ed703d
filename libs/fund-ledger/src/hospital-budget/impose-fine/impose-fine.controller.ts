import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { ImposeFineCommand } from './impose-fine.command';
import { ImposeFineRequest } from './impose-fine.request.dto';

@CommandController('hospital-budgets', 'fines')
export class ImposeFineController {
  constructor(private readonly commands: CommandBus) {}

  /** Records an administrative fine (罚款): owed to the treasury, never fund income. */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary: 'Impose an administrative fine -> FineImposed',
    refused: 'PERIOD_CLOSED (effective date not after the closed year), QUOTA_NOT_SET, EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  impose(@Body() request: ImposeFineRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new ImposeFineCommand(envelope, request));
  }
}
