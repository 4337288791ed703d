import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid, type CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../hospital-budget.streams';
import { AssessClawbackCommand } from './assess-clawback.command';
import { decideAssessClawback } from './assess-clawback.decider';

@CommandHandler(AssessClawbackCommand)
export class AssessClawbackHandler implements ICommandHandler<AssessClawbackCommand, CommandResult> {
  constructor(private readonly streams: HospitalBudgetStreams) {}

  /** A recorded command id answers its first result before any fact is read again: facts move on (a year closes). */
  execute(command: AssessClawbackCommand): Promise<CommandResult> {
    return this.streams.firstResultOr(command.envelope, () => this.run(command));
  }

  private async run({ envelope, request }: AssessClawbackCommand): Promise<CommandResult> {
    const { fundId, payeeId, serviceYear, amountYuan, caseRef, reason, ruleId } = request;
    const { year, serviceYearClosed } = await this.streams.routeToOpenPeriod(
      fundId,
      payeeId,
      serviceYear,
      envelope.effectiveDate,
    );
    return this.streams.handle(
      envelope,
      {
        type: 'AssessClawback',
        fundId,
        payeeId,
        year,
        // Derived from the command id, so a retry (or a concurrent duplicate) names the same receivable.
        receivableId: request.receivableId ?? deterministicUuid(`${envelope.commandId}:receivable`),
        amountYuan,
        serviceYear,
        caseRef,
        reason,
        ruleId,
        serviceYearClosed,
      },
      decideAssessClawback,
    );
  }
}
