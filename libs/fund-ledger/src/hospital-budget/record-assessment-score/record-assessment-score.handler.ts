import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../hospital-budget.streams';
import { RecordAssessmentScoreCommand } from './record-assessment-score.command';
import { decideRecordAssessmentScore } from './record-assessment-score.decider';

@CommandHandler(RecordAssessmentScoreCommand)
export class RecordAssessmentScoreHandler implements ICommandHandler<RecordAssessmentScoreCommand, CommandResult> {
  constructor(private readonly streams: HospitalBudgetStreams) {}

  /** A recorded command id answers its first result before any fact is read again: facts move on (a year closes). */
  execute(command: RecordAssessmentScoreCommand): Promise<CommandResult> {
    return this.streams.firstResultOr(command.envelope, () => this.run(command));
  }

  private async run({ envelope, request }: RecordAssessmentScoreCommand): Promise<CommandResult> {
    const { fundId, payeeId, year, scorePoints, components } = request;
    // A score needs no quota, so it may open the stream: only for a registered fund and payee.
    await this.streams.assertRegistered(fundId, payeeId);
    return this.streams.handle(
      envelope,
      {
        type: 'RecordAssessmentScore',
        fundId,
        payeeId,
        year,
        scorePoints,
        components: components?.map((c) => ({ name: c.name, weight: c.weight, scorePoints: c.scorePoints })),
      },
      decideRecordAssessmentScore,
    );
  }
}
