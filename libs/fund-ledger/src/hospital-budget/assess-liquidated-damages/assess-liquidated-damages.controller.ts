import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { AssessLiquidatedDamagesCommand } from './assess-liquidated-damages.command';
import { AssessLiquidatedDamagesRequest } from './assess-liquidated-damages.request.dto';

@CommandController('hospital-budgets', 'liquidated-damages')
export class AssessLiquidatedDamagesController {
  constructor(private readonly commands: CommandBus) {}

  /** Assesses liquidated damages (违约金) under the service agreement: fund income owed by the hospital. */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary: 'Assess liquidated damages -> LiquidatedDamagesAssessed',
    refused: 'PERIOD_CLOSED (effective date not after the closed year), QUOTA_NOT_SET, EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  assess(
    @Body() request: AssessLiquidatedDamagesRequest,
    @Envelope() envelope: CommandEnvelope,
  ): Promise<CommandResult> {
    return this.commands.execute(new AssessLiquidatedDamagesCommand(envelope, request));
  }
}
