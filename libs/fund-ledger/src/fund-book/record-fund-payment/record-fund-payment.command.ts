import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { PaymentDetailsInput } from './payment-details';

/** A fund payment as the controller mapped it from its category's route; the handler adds the registry facts. */
export interface FundPaymentInput {
  readonly fundId: string;
  readonly paymentId?: string;
  readonly period: string;
  readonly batchRef: string;
  readonly personTimes?: number;
  readonly amountYuan?: string;
  /** A registered payee, or (absent) the members of a batch of memberCount. */
  readonly payeeId?: string;
  readonly memberCount?: number;
  /** The details without the facts looked up (the supplier settlement's hospital kind). */
  readonly details: DistributiveOmit<PaymentDetailsInput, 'forHospitalType' | 'filingDeadlineDays'>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class RecordFundPaymentCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly input: FundPaymentInput,
  ) {
    super();
  }
}
