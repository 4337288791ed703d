import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../hospital-budget.streams';
import { ReleaseHeldYearEndPaymentCommand } from './release-held-year-end-payment.command';
import { decideReleaseHeldYearEndPayment } from './release-held-year-end-payment.decider';

@CommandHandler(ReleaseHeldYearEndPaymentCommand)
export class ReleaseHeldYearEndPaymentHandler
  implements ICommandHandler<ReleaseHeldYearEndPaymentCommand, CommandResult>
{
  constructor(private readonly streams: HospitalBudgetStreams) {}

  /** A recorded command id answers its first result before any fact is read again: facts move on (a year closes). */
  execute(command: ReleaseHeldYearEndPaymentCommand): Promise<CommandResult> {
    return this.streams.firstResultOr(command.envelope, () => this.run(command));
  }

  private async run({ envelope, request }: ReleaseHeldYearEndPaymentCommand): Promise<CommandResult> {
    const { fundId, payeeId, year, decisionRef, note } = request;
    await this.streams.assertRegistered(fundId, payeeId);
    const { actor, role } = envelope.principal;
    return this.streams.handle(
      envelope,
      {
        type: 'ReleaseHeldYearEndPayment',
        fundId,
        payeeId,
        year,
        decisionRef,
        note: note ?? null,
        releasedBy: { actor, role },
      },
      decideReleaseHeldYearEndPayment,
    );
  }
}
