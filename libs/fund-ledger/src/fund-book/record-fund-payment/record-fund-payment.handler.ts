import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import type { PaymentPayee } from '../fund-book.events';
import { FundBookStreams } from '../fund-book.streams';
import { type FundPaymentInput, RecordFundPaymentCommand } from './record-fund-payment.command';
import { decideRecordFundPayment } from './record-fund-payment.decider';
import { type PaymentDetailsInput, REIMBURSEMENT_FILING_DEADLINE_DAYS } from './payment-details';

@CommandHandler(RecordFundPaymentCommand)
export class RecordFundPaymentHandler implements ICommandHandler<RecordFundPaymentCommand, CommandResult> {
  constructor(private readonly streams: FundBookStreams) {}

  async execute({ envelope, input }: RecordFundPaymentCommand): Promise<CommandResult> {
    const fund = await this.streams.fund(input.fundId);
    const payee = await this.payee(input);
    const details = await this.details(input.details);
    const yearClosed = await this.streams.yearClosed(input.fundId, envelope.effectiveDate);
    return this.streams.handle(
      envelope,
      {
        type: 'RecordFundPayment',
        paymentId: input.paymentId ?? envelope.commandId,
        fundId: input.fundId,
        fundKind: fund.kind,
        payee,
        period: input.period,
        batchRef: input.batchRef,
        details,
        yearClosed,
        ...(input.amountYuan === undefined ? {} : { amountYuan: input.amountYuan }),
        ...(input.personTimes === undefined ? {} : { personTimes: input.personTimes }),
      },
      decideRecordFundPayment,
    );
  }

  private async payee(input: FundPaymentInput): Promise<PaymentPayee> {
    if (input.payeeId === undefined) return { kind: 'members', memberCount: input.memberCount ?? 1 };
    return { kind: 'payee', payeeId: input.payeeId, payeeType: await this.streams.payeeType(input.payeeId, 'payeeId') };
  }

  /** The facts a category's rule needs: the deadline parameter (R-PAY-10), the kind of the hospital goods were for. */
  private async details(details: FundPaymentInput['details']): Promise<PaymentDetailsInput> {
    switch (details.category) {
      case 'individual_reimbursement':
        return { ...details, filingDeadlineDays: REIMBURSEMENT_FILING_DEADLINE_DAYS };
      case 'supplier_settlement':
        return { ...details, forHospitalType: await this.streams.payeeType(details.forHospitalId, 'forHospitalId') };
      default:
        return details;
    }
  }
}
