import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { AssessLiquidatedDamagesRequest } from './assess-liquidated-damages.request.dto';

export class AssessLiquidatedDamagesCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: AssessLiquidatedDamagesRequest,
  ) {
    super();
  }
}
