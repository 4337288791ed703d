import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { CollectContributionRequest } from './collect-contribution.request.dto';

export class CollectContributionCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: CollectContributionRequest,
  ) {
    super();
  }
}
