import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../hospital-budget.streams';
import { RecoverReceivableCommand } from './recover-receivable.command';
import { decideRecoverReceivable } from './recover-receivable.decider';

@CommandHandler(RecoverReceivableCommand)
export class RecoverReceivableHandler implements ICommandHandler<RecoverReceivableCommand, CommandResult> {
  constructor(private readonly streams: HospitalBudgetStreams) {}

  execute({ envelope, request }: RecoverReceivableCommand): Promise<CommandResult> {
    const { fundId, payeeId, year, amountYuan, receivableId } = request;
    return this.streams.handle(
      envelope,
      {
        type: 'RecoverReceivable',
        fundId,
        payeeId,
        year,
        amountYuan,
        receivableId,
        method: request.method ?? 'repayment',
      },
      decideRecoverReceivable,
    );
  }
}
