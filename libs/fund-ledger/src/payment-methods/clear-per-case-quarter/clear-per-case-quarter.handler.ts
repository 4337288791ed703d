import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../../hospital-budget/hospital-budget.streams';
import { decideClearPerCaseQuarter } from './clear-per-case-quarter.decider';
import { ClearPerCaseQuarterCommand } from './clear-per-case-quarter.command';

@CommandHandler(ClearPerCaseQuarterCommand)
export class ClearPerCaseQuarterHandler implements ICommandHandler<ClearPerCaseQuarterCommand, CommandResult> {
  constructor(private readonly streams: HospitalBudgetStreams) {}

  execute(command: ClearPerCaseQuarterCommand): Promise<CommandResult> {
    return this.streams.firstResultOr(command.envelope, () => this.run(command));
  }

  private async run({ envelope, request }: ClearPerCaseQuarterCommand): Promise<CommandResult> {
    const { fundId, payeeId, year, quarter } = request;
    const facts = await this.streams.paymentFacts({ fundId, payeeId, year });
    return this.streams.handle(
      envelope,
      { type: 'ClearPerCaseQuarter', fundId, payeeId, year, quarter, ...facts },
      decideClearPerCaseQuarter,
    );
  }
}
