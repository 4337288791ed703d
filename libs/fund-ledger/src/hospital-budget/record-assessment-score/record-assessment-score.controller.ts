import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { RecordAssessmentScoreCommand } from './record-assessment-score.command';
import { RecordAssessmentScoreRequest } from './record-assessment-score.request.dto';

@CommandController('hospital-budgets', 'assessment-scores')
export class RecordAssessmentScoreController {
  constructor(private readonly commands: CommandBus) {}

  /** Records the annual assessment score (考核) that returns the withheld deposit at year end. */
  @CommandEndpoint({
    roles: ['finance', 'planner'],
    summary: 'Record an assessment score -> AssessmentScored',
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND',
    refused: 'PERIOD_CLOSED, EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  record(@Body() request: RecordAssessmentScoreRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new RecordAssessmentScoreCommand(envelope, request));
  }
}
