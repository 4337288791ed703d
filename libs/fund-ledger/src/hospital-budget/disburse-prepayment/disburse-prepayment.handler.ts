import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../hospital-budget.streams';
import { DisbursePrepaymentCommand } from './disburse-prepayment.command';
import { decideDisbursePrepayment } from './disburse-prepayment.decider';

@CommandHandler(DisbursePrepaymentCommand)
export class DisbursePrepaymentHandler implements ICommandHandler<DisbursePrepaymentCommand, CommandResult> {
  constructor(private readonly streams: HospitalBudgetStreams) {}

  /** A recorded command id answers its first result before any fact is read again: facts move on (a year closes). */
  execute(command: DisbursePrepaymentCommand): Promise<CommandResult> {
    return this.streams.firstResultOr(command.envelope, () => this.run(command));
  }

  private async run({ envelope, request }: DisbursePrepaymentCommand): Promise<CommandResult> {
    const { fundId, payeeId, year, month, grossYuan } = request;
    const { agreement, policy, fundKind } = await this.streams.paymentFacts({ fundId, payeeId, year });
    return this.streams.handle(
      envelope,
      {
        type: 'DisbursePrepayment',
        fundId,
        payeeId,
        year,
        month,
        grossYuan,
        agreement,
        policy,
        fundKind,
      },
      decideDisbursePrepayment,
    );
  }
}
