import { ErrorCodes } from '../../shared/domain-error';
import { HospitalBudgetErrorCodes } from '../hospital-budget.errors';
import type { HospitalBudgetEvent } from '../hospital-budget.events';
import { given } from '../test/given';
import {
  AFTER_YEAR,
  BEFORE_YEAR,
  closedYear,
  history,
  KEY,
  MID_YEAR,
  on,
  prepay,
  prepaymentDay,
  score,
  setQuota,
  settle,
  settlementDay,
  settleYearEnd,
} from '../test/hospital-budget.fixtures';
import type { ReleaseHeldYearEndPayment } from './release-held-year-end-payment.decider';

/**
 * Q 1,000,000.00; one prepayment of 1,000,000.00 (10% withheld: W 100,000.00); January settled at
 * 1,000,000.00; score 90; agreement terminated for cause. E = A = Q = 1,000,000; D = W (nothing returned);
 * final = 0 + DP 0 + W 100,000 − D 100,000 − P 0 = 0 — so a second settlement of 50,000.00 (deferred by the
 * cash cap) makes the result positive: A = 1,050,000; E = 1,000,000 + 70% × 50,000 = 1,035,000;
 * final = (E − A) −15,000 + DP 50,000 + W 100,000 − D 100,000 − P 0 = 35,000.00, held.
 */
function heldYear(): HospitalBudgetEvent[] {
  return history([
    [setQuota('1000000.00'), BEFORE_YEAR],
    [prepay(1, '1000000.00'), prepaymentDay(1)],
    [settle(1, '1000000.00'), settlementDay(1)],
    [settle(2, '50000.00'), settlementDay(2)],
    [score('90'), on('2024-11-25')],
    [{ ...settleYearEnd(), agreementTerminatedForCause: true }, AFTER_YEAR],
  ]);
}

const release = (extra: Partial<ReleaseHeldYearEndPayment> = {}): ReleaseHeldYearEndPayment => ({
  type: 'ReleaseHeldYearEndPayment',
  ...KEY,
  decisionRef: '泉医保决〔2025〕7号',
  releasedBy: { actor: 'wang.wu', role: 'finance' },
  ...extra,
});

const RELEASE_DAY = on('2025-03-01');

describe('ReleaseHeldYearEndPayment', () => {
  it('the year end held 35,000.00', () => {
    const yearEnd = heldYear().at(-1);
    if (yearEnd?.type !== 'YearEndSettled') throw new Error('expected YearEndSettled');
    expect(yearEnd.data.breakdown).toMatchObject({
      finalYuan: '35000.00',
      paymentYuan: '0.00',
      heldPaymentYuan: '35000.00',
    });
  });

  it('pays the whole held amount on a decision, recording who released it (Dr deferred_payable, Cr cash)', () => {
    given(heldYear())
      .when(release({ note: '复核后解除暂扣' }), RELEASE_DAY)
      .then([
        {
          type: 'HeldYearEndPaymentReleased',
          data: {
            ...KEY,
            effectiveDate: '2025-03-01',
            amountYuan: '35000.00',
            decisionRef: '泉医保决〔2025〕7号',
            note: '复核后解除暂扣',
            releasedBy: { actor: 'wang.wu', role: 'finance' },
            postings: [
              { fundId: 'EMP', account: 'EMP:hospital:H001:deferred_payable', side: 'debit', amountYuan: '35000.00' },
              { fundId: 'EMP', account: 'EMP:cash', side: 'credit', amountYuan: '35000.00' },
            ],
          },
        },
      ]);
  });

  it('after the release nothing is held, and a second release is refused (422 NO_HELD_PAYMENT)', () => {
    const events = history([[release(), RELEASE_DAY]], heldYear());
    const { state } = given(events);
    expect(state.heldPayableYuan.isZero()).toBe(true);
    expect(state.heldPaymentReleasedOn).toBe('2025-03-01');
    const error = given(events)
      .when(release(), RELEASE_DAY)
      .thenRejects({ kind: 'business_rule', code: HospitalBudgetErrorCodes.NO_HELD_PAYMENT, field: 'year' });
    expect(error.message).toMatch(/released on 2025-03-01/);
  });

  it('422 NO_HELD_PAYMENT for a year settled without a hold, and for a year not settled yet', () => {
    given(closedYear()).when(release(), RELEASE_DAY).thenRejects({ code: HospitalBudgetErrorCodes.NO_HELD_PAYMENT });
    given(history([[setQuota('1000.00'), BEFORE_YEAR]]))
      .when(release(), RELEASE_DAY)
      .thenRejects({ code: HospitalBudgetErrorCodes.NO_HELD_PAYMENT, field: 'year' });
  });

  it('refuses a date inside the budget year (422 EFFECTIVE_DATE_OUTSIDE_YEAR) and a blank decision (400)', () => {
    given(heldYear()).when(release(), MID_YEAR).thenRejects({ code: ErrorCodes.EFFECTIVE_DATE_OUTSIDE_YEAR });
    given(heldYear())
      .when(release({ decisionRef: ' ' }), RELEASE_DAY)
      .thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field: 'decisionRef' });
    given(heldYear())
      .when(release({ releasedBy: { actor: '', role: 'finance' } }), RELEASE_DAY)
      .thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field: 'releasedBy.actor' });
  });
});
