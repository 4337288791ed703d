import { DecisionContext } from '../../shared/decider';
import { FundKind, PayeeType } from '../../registry/registry.events';
import { fundBookDecider, FundBookCommand } from '../fund-book.decider';
import { FundBookEvent } from '../fund-book.events';
import { RecordFundPayment } from '../record-fund-payment/record-fund-payment.decider';
import { PaymentDetailsInput } from '../record-fund-payment/payment-details';
import { RecordOpeningBalance } from '../record-opening-balance/record-opening-balance.decider';
import { SettleOpenItem } from '../settle-open-item/settle-open-item.decider';

/** Fund book fixtures: a resident pooled fund opened on 2025-06-30 (mid-life), paying from July. */
export const RES = 'QZ-RES';
export const on = (effectiveDate: string): DecisionContext => ({ now: `${effectiveDate}T02:00:00.000Z`, effectiveDate });
export const OPENING_DAY = on('2025-06-30');
export const JULY = on('2025-07-15');

export const openingBalance = (overrides: Partial<RecordOpeningBalance> = {}): RecordOpeningBalance => ({
  type: 'RecordOpeningBalance',
  fundId: RES,
  fundKind: 'resident_pooled',
  evidenceRef: 'QZ-RES-2025H1-结账报表',
  lines: [
    { kind: 'bank_deposit', ref: 'ICBC-001', amountYuan: '800000000.00' },
    { kind: 'bank_deposit', ref: 'CCB-002', amountYuan: '150000000.00' },
    { kind: 'hospital_receivable', ref: 'H-001', amountYuan: '1200000.00' },
    { kind: 'unit_receivable', ref: 'U-0001', amountYuan: '300000.00' },
    { kind: 'payable', ref: 'H-002', amountYuan: '25000000.00' },
    { kind: 'earmarked_fund', ref: 'COVID-19', amountYuan: '2000000.00' },
    { kind: 'accumulated_surplus', amountYuan: '924500000.00' },
  ],
  payeeTypes: new Map<string, PayeeType>([
    ['H-001', 'hospital'],
    ['H-002', 'hospital'],
  ]),
  moneyElsewhere: [],
  ...overrides,
});

/** The common fields of a payment; `details` picks the category. */
export const payment = (
  details: PaymentDetailsInput,
  overrides: Partial<RecordFundPayment> = {},
): RecordFundPayment => ({
  type: 'RecordFundPayment',
  paymentId: 'PAY-1',
  fundId: RES,
  fundKind: 'resident_pooled',
  payee: { kind: 'members', memberCount: 1 },
  period: '2025-07',
  amountYuan: '1000.00',
  batchRef: 'BATCH-2025-07-01',
  details,
  yearClosed: false,
  ...overrides,
});

export const toPayee = (payeeId: string, payeeType: PayeeType) => ({ kind: 'payee' as const, payeeId, payeeType });

export const reimbursement = (overrides: Partial<Extract<PaymentDetailsInput, { category: 'individual_reimbursement' }>> = {}) =>
  ({
    category: 'individual_reimbursement',
    claimRef: 'CLAIM-0001',
    dischargeDate: '2025-06-20',
    filedDate: '2025-07-10',
    filingDeadlineDays: 30,
    ...overrides,
  }) as const;

export const settle = (overrides: Partial<SettleOpenItem> = {}): SettleOpenItem => ({
  type: 'SettleOpenItem',
  settlementId: 'SET-1',
  fundId: RES,
  fundKind: 'resident_pooled',
  itemId: 'PAY-1',
  action: 'repay_advance',
  amountYuan: '100.00',
  reference: 'BANK-SLIP-1',
  yearClosed: false,
  ...overrides,
});

/** Events decided one after another (each evolves the state the next is decided on). */
export function history(steps: ReadonlyArray<readonly [FundBookCommand, DecisionContext]>): FundBookEvent[] {
  const events: FundBookEvent[] = [];
  let state = fundBookDecider.initialState();
  for (const [command, context] of steps) {
    for (const event of fundBookDecider.decide(command, state, context)) {
      state = fundBookDecider.evolve(state, event);
      events.push(event);
    }
  }
  return events;
}

export const fundOf = (kind: FundKind) => ({ fundId: `F-${kind}`, fundKind: kind });
