import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StreamLoader, type CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../../hospital-budget/hospital-budget.streams';
import { daysInMonth, firstDayOfMonth } from '../../hospital-budget/hospital-budget.inputs';
import { plain } from '../plain';
import { rateTableStream } from '../rate-table.events';
import { rateTableEvolver, tableInForce } from '../rate-table.state';
import { decidePostMethodSettlement } from './post-method-settlement.decider';
import { PostMethodSettlementCommand } from './post-method-settlement.command';

@CommandHandler(PostMethodSettlementCommand)
export class PostMethodSettlementHandler implements ICommandHandler<PostMethodSettlementCommand, CommandResult> {
  constructor(
    private readonly streams: HospitalBudgetStreams,
    private readonly loader: StreamLoader,
  ) {}

  /** A recorded command id answers its first result before any fact is read again (a later rate version). */
  execute(command: PostMethodSettlementCommand): Promise<CommandResult> {
    return this.streams.firstResultOr(command.envelope, () => this.run(command));
  }

  private async run({ envelope, request }: PostMethodSettlementCommand): Promise<CommandResult> {
    const { fundId, payeeId, year, month, method } = request;
    const facts = await this.streams.paymentFacts({ fundId, payeeId, year });
    const stream = rateTableStream(fundId, year);
    const { state: rates } = await this.loader.load(stream, rateTableEvolver);
    // The version in force on the month's last day (an out-of-range month is the decider's 400).
    const monthLastDay =
      Number.isInteger(month) && month >= 1 && month <= 12
        ? `${firstDayOfMonth(year, month).slice(0, 8)}${String(daysInMonth(year, month)).padStart(2, '0')}`
        : `${year}-12-31`;
    return this.streams.handle(
      envelope,
      {
        type: 'PostMethodSettlement',
        fundId,
        payeeId,
        year,
        month,
        method,
        lines: plain(request.lines),
        rateTable: tableInForce(rates, monthLastDay),
        rateTableStream: stream,
        ...facts,
      },
      decidePostMethodSettlement,
    );
  }
}

