import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { SetContributionRatesRequest } from './set-contribution-rates.request.dto';

export class SetContributionRatesCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: SetContributionRatesRequest,
  ) {
    super();
  }
}
