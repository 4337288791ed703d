import { yuan } from '@ledger/money';
import { DecisionContext } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import { formatPeriod, requireDate, requirePeriod } from '../../registry/calendar';
import { requireFundId, requireId, requireInteger, requireOneOf } from '../../registry/field-rules';
import { FUND_KINDS, FundKind, PAYEE_TYPES } from '../../registry/registry.events';
import { FundPaymentRecorded, PAYMENT_CATEGORIES, PaymentPayee } from '../fund-book.events';
import { assertAfterOpening, assertNewId, assertOwnFund, assertStreamOf, assertYearOpen } from '../fund-book.guards';
import { FundBookState } from '../fund-book.state';
import { assertFundMayPay, assertPayeeFits } from '../payment-categories';
import { MAX_COUNT, PaymentDetailsInput, validDetails } from './payment-details';
import { paymentPostings } from './payment-postings';

/**
 * RecordFundPayment (基金支出): one outflow of a fund that is not a hospital's global budget, in its own
 * fund book. The category decides which fund may pay it (payment-categories.ts), to whom, and its
 * entries (payment-postings.ts); the details record the inputs of the amount (deadline, approval,
 * per capita × insured count, the hospital goods were paid for).
 */
export interface RecordFundPayment {
  readonly type: 'RecordFundPayment';
  /** Booked once per fund book (defaults to the commandId in the handler). */
  readonly paymentId: string;
  readonly fundId: string;
  /** The paying fund's registered kind (looked up by the handler). */
  readonly fundKind: FundKind;
  /** A registered payee with its kind (looked up by the handler), or the members of a batch. */
  readonly payee: PaymentPayee;
  readonly period: string;
  /** Absent where the amount is computed (the critical-illness premium). */
  readonly amountYuan?: string;
  readonly personTimes?: number;
  readonly batchRef: string;
  readonly details: PaymentDetailsInput;
  /** Whether the fund-year of the effective date is closed (a fact from the fund close). */
  readonly yearClosed: boolean;
}

export function decideRecordFundPayment(
  command: RecordFundPayment,
  state: FundBookState,
  context: DecisionContext,
): FundPaymentRecorded[] {
  const paymentId = requireId(command.paymentId, 'paymentId');
  const fundId = requireFundId(command.fundId, 'fundId');
  const fundKind = requireOneOf(command.fundKind, FUND_KINDS, 'fundKind');
  const category = requireOneOf(command.details?.category, PAYMENT_CATEGORIES, 'category');
  const period = formatPeriod(requirePeriod(command.period, 'period'));
  const batchRef = requireId(command.batchRef, 'batchRef');
  const personTimes =
    command.personTimes === undefined ? null : requireInteger(command.personTimes, 'personTimes', 0, MAX_COUNT);
  const payee = validPayee(command.payee);
  const effectiveDate = requireDate(context.effectiveDate, 'effectiveDate');
  const { details, amount } = validDetails(command.details, command.amountYuan, effectiveDate);
  assertFundMayPay(category, fundId, fundKind);
  assertPayeeFits(category, payee);
  assertStreamOf(state, fundId);
  assertYearOpen(command.yearClosed, fundId, effectiveDate);
  assertAfterOpening(state, effectiveDate);
  assertNewId(state, paymentId, 'paymentId');

  const { postings, openItem } = paymentPostings(fundId, paymentId, payee, details, amount);
  assertOwnFund('FundPaymentRecorded', postings, fundId, fundKind);
  return [
    {
      type: 'FundPaymentRecorded',
      data: {
        paymentId,
        fundId,
        fundKind,
        category,
        payee,
        period,
        amountYuan: yuan(amount),
        personTimes,
        batchRef,
        effectiveDate,
        details,
        openItem,
        postings,
      },
    },
  ];
}

function validPayee(payee: PaymentPayee): PaymentPayee {
  if (payee?.kind === 'members') {
    return { kind: 'members', memberCount: requireInteger(payee.memberCount, 'memberCount', 1, MAX_COUNT) };
  }
  if (payee?.kind !== 'payee') throw invalidField('payeeId', 'must name a payee or the members of a batch');
  return {
    kind: 'payee',
    payeeId: requireId(payee.payeeId, 'payeeId'),
    payeeType: requireOneOf(payee.payeeType, PAYEE_TYPES, 'payeeId'),
  };
}
