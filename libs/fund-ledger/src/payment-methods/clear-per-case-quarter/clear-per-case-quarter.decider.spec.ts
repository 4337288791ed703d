import { ErrorCodes } from '../../shared/domain-error';
import type { HospitalBudgetEvent, PerCaseQuarterClearedData } from '../../hospital-budget/hospital-budget.events';
import { BEFORE_YEAR, on, setQuota, settlementDay } from '../../hospital-budget/test/hospital-budget.fixtures';
import { PaymentMethodErrorCodes } from '../payment-methods.errors';
import { assign, clearQuarter, given, methodSettle, steps } from '../test/method-fixtures';

const perCase = steps([
  [setQuota('36000000.00'), BEFORE_YEAR],
  [assign(['per_case_cap']), BEFORE_YEAR],
]);
const month = (m: number, cases: number, claimedYuan: string) =>
  [methodSettle(m, 'per_case_cap', [{ cases, claimedYuan }]), settlementDay(m)] as const;

/** WE-3 (珠晖 Art. 36): standard 5,000 per case. */
const WE3_Q1 = steps([month(1, 100, '560000.00'), month(2, 80, '380000.00'), month(3, 120, '610000.00')], perCase);

function cleared(events: readonly HospitalBudgetEvent[]): PerCaseQuarterClearedData {
  const event = events[0];
  if (event?.type !== 'PerCaseQuarterCleared') throw new Error(`expected a clearing, got ${event?.type}`);
  return event.data;
}

describe('ClearPerCaseQuarter', () => {
  it('WE-3: months pre-settle 500,000 / 380,000 / 600,000; the quarter pays 20,000 and refuses 50,000', () => {
    const presettled = WE3_Q1.map((e) => (e.type === 'MethodSettlementPosted' ? e.data.amountYuan : null)).filter(Boolean);
    expect(presettled).toEqual(['500000.00', '380000.00', '600000.00']);
    const { events, state } = given(WE3_Q1).when(clearQuarter(1), on('2024-04-10')).thenEvents();
    const data = cleared(events);
    expect(data).toMatchObject({
      quarter: 1,
      cases: 300,
      claimedYuan: '1550000.00',
      capYuan: '1500000.00',
      allowedYuan: '1500000.00',
      presettledYuan: '1480000.00',
      paymentYuan: '20000.00',
      refusedYuan: '50000.00',
      budget: { approvedYuan: '20000.00', netPaymentYuan: '20000.00' },
    });
    expect(data.months.map((m) => [m.month, m.capYuan, m.presettledYuan])).toEqual([
      [1, '500000.00', '500000.00'],
      [2, '400000.00', '380000.00'],
      [3, '600000.00', '600000.00'],
    ]);
    expect(data.postings).toEqual([
      { fundId: 'EMP', account: 'EMP:expense:settlements', side: 'debit', amountYuan: '20000.00' },
      { fundId: 'EMP', account: 'EMP:cash', side: 'credit', amountYuan: '20000.00' },
    ]);
    expect(state.approvedYuan.toFixed(2)).toBe('1500000.00'); // A: the quarter's allowed amount
    expect(state.paymentMethods.perCaseRefusedYuan.toFixed(2)).toBe('50000.00');
    expect(state.paymentMethods.settledByMethodYuan.per_case_cap.toFixed(2)).toBe('1500000.00');
  });

  it('a quarter under its cap pays nothing more and refuses nothing', () => {
    const under = steps([month(1, 10, '40000.00'), month(2, 10, '40000.00'), month(3, 10, '40000.00')], perCase);
    expect(cleared(given(under).when(clearQuarter(1), on('2024-04-10')).thenEvents().events)).toMatchObject({
      paymentYuan: '0.00',
      refusedYuan: '0.00',
      postings: [],
    });
  });

  describe('refuses, appending nothing', () => {
    it('a quarter cleared twice (QUARTER_ALREADY_CLEARED)', () => {
      const once = steps([[clearQuarter(1), on('2024-04-10')]], WE3_Q1);
      const error = given(once).when(clearQuarter(1), on('2024-04-11')).thenThrows(PaymentMethodErrorCodes.QUARTER_ALREADY_CLEARED, 'business_rule');
      expect(error.field).toBe('quarter');
    });

    it('a quarter whose last month is not pre-settled (QUARTER_INCOMPLETE naming the months)', () => {
      const twoMonths = steps([month(1, 100, '560000.00'), month(2, 80, '380000.00')], perCase);
      const error = given(twoMonths).when(clearQuarter(1), on('2024-04-10')).thenThrows(PaymentMethodErrorCodes.QUARTER_INCOMPLETE);
      expect(error.field).toBe('quarter');
      expect(error.message).toContain('month 3');
    });

    it('a quarter with a missing middle month', () => {
      const gap = steps([month(1, 100, '560000.00'), month(3, 120, '610000.00')], perCase);
      expect(given(gap).when(clearQuarter(1), on('2024-04-10')).thenThrows(PaymentMethodErrorCodes.QUARTER_INCOMPLETE).message).toContain('month 2');
    });

    it('a quarter that has not ended (MONTH_NOT_ENDED)', () => {
      given(WE3_Q1).when(clearQuarter(1), on('2024-03-31')).thenThrows(ErrorCodes.MONTH_NOT_ENDED);
    });

    it('a hospital-year not paid by the per-case cap (METHOD_NOT_ASSIGNED)', () => {
      const none = steps([[setQuota('1000.00'), BEFORE_YEAR]]);
      given(none).when(clearQuarter(1), on('2024-04-10')).thenThrows(PaymentMethodErrorCodes.METHOD_NOT_ASSIGNED);
    });

    it('a quarter that does not exist (400)', () => {
      expect(given(WE3_Q1).when(clearQuarter(5), on('2024-04-10')).thenThrows(ErrorCodes.INVALID_FIELD, 'validation').field).toBe('quarter');
    });
  });
});
