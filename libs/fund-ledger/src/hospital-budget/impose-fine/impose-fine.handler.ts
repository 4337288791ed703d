import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid, type CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../hospital-budget.streams';
import { ImposeFineCommand } from './impose-fine.command';
import { decideImposeFine } from './impose-fine.decider';

@CommandHandler(ImposeFineCommand)
export class ImposeFineHandler implements ICommandHandler<ImposeFineCommand, CommandResult> {
  constructor(private readonly streams: HospitalBudgetStreams) {}

  /** A recorded command id answers its first result before any fact is read again: facts move on (a year closes). */
  execute(command: ImposeFineCommand): Promise<CommandResult> {
    return this.streams.firstResultOr(command.envelope, () => this.run(command));
  }

  private async run({ envelope, request }: ImposeFineCommand): Promise<CommandResult> {
    const { fundId, payeeId, serviceYear, baseYuan, multiplier, ruleId, caseRef, decisionRef } = request;
    // Fines about a closed year go to the open period, like late clawbacks.
    const { year } = await this.streams.routeToOpenPeriod(fundId, payeeId, serviceYear, envelope.effectiveDate);
    return this.streams.handle(
      envelope,
      {
        type: 'ImposeFine',
        fundId,
        payeeId,
        year,
        serviceYear,
        fineId: request.fineId ?? deterministicUuid(`${envelope.commandId}:fine`),
        baseYuan,
        multiplier,
        ruleId,
        caseRef,
        decisionRef,
      },
      decideImposeFine,
    );
  }
}
