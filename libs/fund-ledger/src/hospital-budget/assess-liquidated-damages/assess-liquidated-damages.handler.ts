import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid, type CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../hospital-budget.streams';
import { AssessLiquidatedDamagesCommand } from './assess-liquidated-damages.command';
import { decideAssessLiquidatedDamages } from './assess-liquidated-damages.decider';

@CommandHandler(AssessLiquidatedDamagesCommand)
export class AssessLiquidatedDamagesHandler implements ICommandHandler<AssessLiquidatedDamagesCommand, CommandResult> {
  constructor(private readonly streams: HospitalBudgetStreams) {}

  /** A recorded command id answers its first result before any fact is read again: facts move on (a year closes). */
  execute(command: AssessLiquidatedDamagesCommand): Promise<CommandResult> {
    return this.streams.firstResultOr(command.envelope, () => this.run(command));
  }

  private async run({ envelope, request }: AssessLiquidatedDamagesCommand): Promise<CommandResult> {
    const { fundId, payeeId, serviceYear, baseYuan, multiplier, ruleId, caseRef, reason } = request;
    // Damages about a closed year go to the open period, like late clawbacks.
    const { year } = await this.streams.routeToOpenPeriod(fundId, payeeId, serviceYear, envelope.effectiveDate);
    return this.streams.handle(
      envelope,
      {
        type: 'AssessLiquidatedDamages',
        fundId,
        payeeId,
        year,
        serviceYear,
        receivableId: request.receivableId ?? deterministicUuid(`${envelope.commandId}:receivable`),
        baseYuan,
        multiplier,
        ruleId,
        caseRef,
        reason,
      },
      decideAssessLiquidatedDamages,
    );
  }
}
