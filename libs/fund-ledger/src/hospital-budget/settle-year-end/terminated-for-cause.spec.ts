import { Decimal, ZERO } from '@ledger/money';
import type { HospitalBudgetEvent, YearEndSettledData } from '../hospital-budget.events';
import type { HospitalBudgetState } from '../hospital-budget.state';
import { given } from '../test/given';
import {
  AFTER_YEAR,
  BEFORE_YEAR,
  history,
  monthlyShares,
  on,
  prepay,
  prepaymentDay,
  score,
  setQuota,
  settle,
  settlementDay,
  settleYearEnd,
  type Step,
} from '../test/hospital-budget.fixtures';

/**
 * Issue #14 §5: the year end of a hospital whose agreement was terminated for cause (the handler reads it
 * from the registry; an input of decide). WE-4 common data: Q 36,000,000.00, 12 × 3,000,000.00 prepaid,
 * W = 3,600,000.00 withheld, prepaid net 32,400,000.00.
 */
function we4Year(actualYuan: string, scorePoints: string): HospitalBudgetEvent[] {
  const steps: Step[] = [[setQuota('36000000.00'), BEFORE_YEAR]];
  for (let m = 1; m <= 12; m++) steps.push([prepay(m), prepaymentDay(m)]);
  const shares = monthlyShares(actualYuan);
  for (let m = 1; m <= 12; m++) steps.push([settle(m, shares[m - 1]!), settlementDay(m)]);
  steps.push([score(scorePoints), on('2024-11-25')]);
  return history(steps);
}

function forCause(events: readonly HospitalBudgetEvent[]): { data: YearEndSettledData; state: HospitalBudgetState } {
  const { events: decided, state } = given(events)
    .when({ ...settleYearEnd(), agreementTerminatedForCause: true }, AFTER_YEAR)
    .thenEvents();
  const event = decided[0];
  if (event?.type !== 'YearEndSettled') throw new Error('expected YearEndSettled');
  return { data: event.data, state };
}

describe('year end after a termination for cause', () => {
  it('WE-4a: no deposit returned despite score 92, and the 1,400,000.00 result is held, not paid', () => {
    const { data, state } = forCause(we4Year('38000000.00', '92'));
    // E = 36,000,000 + 70% × 2,000,000 = 37,400,000 (the overrun rules do not change);
    // D = W = 3,600,000 (nothing returned, whatever the score), not 288,000;
    // final = (37,400,000 − 38,000,000) + DP 2,000,000 + W 3,600,000 − D 3,600,000 − P 0 = 1,400,000 → held.
    expect(data.inputs).toMatchObject({ agreementTerminatedForCause: true, scorePoints: '92.00' });
    expect(data.breakdown).toMatchObject({
      entitlementYuan: '37400000.00',
      depositReturnRule: 'agreement_terminated_for_cause',
      depositReturnedYuan: '0.00',
      depositForfeitedYuan: '3600000.00',
      finalYuan: '1400000.00',
      paymentYuan: '0.00',
      heldPaymentYuan: '1400000.00',
      receivableYuan: '0.00',
    });
    // Posted to the hospital's deferred (settled but unpaid) payable instead of cash.
    expect(data.postings).toEqual([
      { fundId: 'EMP', account: 'EMP:expense:hospital_overrun_share', side: 'credit', amountYuan: '600000.00' },
      { fundId: 'EMP', account: 'EMP:hospital:H001:withheld_deposit', side: 'debit', amountYuan: '3600000.00' },
      { fundId: 'EMP', account: 'EMP:expense:deposit_forfeited', side: 'credit', amountYuan: '3600000.00' },
      { fundId: 'EMP', account: 'EMP:hospital:H001:deferred_payable', side: 'debit', amountYuan: '2000000.00' },
      { fundId: 'EMP', account: 'EMP:hospital:H001:deferred_payable', side: 'credit', amountYuan: '1400000.00' },
    ]);
    expect(state.closed).toBe(true);
    expect(state.heldPayableYuan.toFixed(2)).toBe('1400000.00');
    expect(state.deferredPayableYuan.toFixed(2)).toBe('0.00'); // the in-year deferrals are cleared
  });

  it('a perfect score (100) returns nothing either', () => {
    const { data } = forCause(we4Year('38000000.00', '100'));
    expect(data.breakdown).toMatchObject({ depositReturnedYuan: '0.00', depositForfeitedYuan: '3600000.00' });
  });

  it('WE-4d: a result owed by the hospital stays a receivable; nothing is held', () => {
    const { data, state } = forCause(we4Year('30000000.00', '92'));
    // E = 34,800,000; final = 4,800,000 + 0 + 3,600,000 − 3,600,000 − P 6,000,000 = −1,200,000.
    expect(data.breakdown).toMatchObject({
      finalYuan: '-1200000.00',
      paymentYuan: '0.00',
      heldPaymentYuan: '0.00',
      receivableYuan: '1200000.00',
    });
    expect(state.heldPayableYuan.isZero()).toBe(true);
  });

  it('without a termination for cause the same year is paid as before (WE-4a: 4,712,000.00 in cash)', () => {
    const [event] = given(we4Year('38000000.00', '92')).when(settleYearEnd(), AFTER_YEAR).events();
    if (event?.type !== 'YearEndSettled') throw new Error('expected YearEndSettled');
    expect(event.data.inputs.agreementTerminatedForCause).toBe(false);
    expect(event.data.breakdown).toMatchObject({
      depositReturnRule: 'score',
      paymentYuan: '4712000.00',
      heldPaymentYuan: '0.00',
    });
    // Cash out of the fund for the year: 32,400,000 + 4,712,000 = E − D.
    expect(new Decimal('32400000.00').plus(event.data.breakdown.paymentYuan).toFixed(2)).toBe(
      new Decimal(event.data.breakdown.entitlementYuan).minus(event.data.breakdown.depositForfeitedYuan).toFixed(2),
    );
    expect(ZERO.toFixed(2)).toBe(event.data.breakdown.receivableYuan);
  });
});
