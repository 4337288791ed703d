import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../hospital-budget.streams';
import { DecideObjectionCommand } from './decide-objection.command';
import { decideDecideObjection, type OverturnInput } from './decide-objection.decider';
import type { OverturnRequest } from './decide-objection.request.dto';

@CommandHandler(DecideObjectionCommand)
export class DecideObjectionHandler implements ICommandHandler<DecideObjectionCommand, CommandResult> {
  constructor(private readonly streams: HospitalBudgetStreams) {}

  /** A recorded command id answers its first result before any fact is read again. */
  execute(command: DecideObjectionCommand): Promise<CommandResult> {
    return this.streams.firstResultOr(command.envelope, () => this.run(command));
  }

  private async run({ envelope, request }: DecideObjectionCommand): Promise<CommandResult> {
    const { fundId, payeeId, year, month, decision, overturned, decisionRef, reason } = request;
    // An upheld objection pays like a settlement: the same facts (agreement, policy, fund kind).
    const { agreement, policy, fundKind } = await this.streams.paymentFacts({ fundId, payeeId, year });
    return this.streams.handle(
      envelope,
      {
        type: 'DecideObjection',
        fundId,
        payeeId,
        year,
        month,
        decision,
        ...(overturned === undefined ? {} : { overturned: overturned.map(overturnInput) }),
        decisionRef,
        reason,
        agreement,
        policy,
        fundKind,
      },
      decideDecideObjection,
    );
  }
}

/** Plain objects with only the fields sent. */
function overturnInput(o: OverturnRequest): OverturnInput {
  return o.amountYuan === undefined ? { line: o.line } : { line: o.line, amountYuan: o.amountYuan };
}
