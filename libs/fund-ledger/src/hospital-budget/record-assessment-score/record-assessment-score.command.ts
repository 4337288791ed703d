import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { RecordAssessmentScoreRequest } from './record-assessment-score.request.dto';

export class RecordAssessmentScoreCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: RecordAssessmentScoreRequest,
  ) {
    super();
  }
}
