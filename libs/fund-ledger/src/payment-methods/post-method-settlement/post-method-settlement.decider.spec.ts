import { ErrorCodes } from '../../shared/domain-error';
import { assertBalanced } from '../../shared/journal';
import type { HospitalBudgetEvent, MethodSettlementPostedData } from '../../hospital-budget/hospital-budget.events';
import {
  AFTER_YEAR,
  BEFORE_YEAR,
  on,
  prepay,
  prepaymentDay,
  score,
  setQuota,
  settle,
  settleYearEnd,
  settlementDay,
} from '../../hospital-budget/test/hospital-budget.fixtures';
import { PaymentMethodErrorCodes } from '../payment-methods.errors';
import { assign, given, methodSettle, steps, TABLE } from '../test/method-fixtures';

const quotaSet = steps([[setQuota('36000000.00'), BEFORE_YEAR]]);
const allMethods = steps([[assign(['drg', 'single_disease', 'per_diem', 'per_case_cap']), BEFORE_YEAR]], quotaSet);

function posted(events: readonly HospitalBudgetEvent[]): MethodSettlementPostedData {
  const event = events[0];
  if (event?.type !== 'MethodSettlementPosted') throw new Error(`expected a method settlement, got ${event?.type}`);
  return event.data;
}

const DRG_MONTH = [
  { groupCode: 'FR23', cases: 12, weight: '1.2345' },
  { groupCode: 'GB25', cases: 7 },
  { groupCode: 'ES11', cases: 3, costYuan: '50000.00' },
];

describe('PostMethodSettlement', () => {
  it('counts in the year-end settlement: A = global + DRG + single disease', () => {
    const year = steps(
      [
        [settle(1, '1000000.00'), settlementDay(1)],
        [methodSettle(1, 'drg', DRG_MONTH), settlementDay(1)],
        [methodSettle(2, 'single_disease', [{ diseaseCode: 'K35.8', cases: 3, costYuan: '18100.00' }]), settlementDay(2)],
        [score('100'), AFTER_YEAR],
      ],
      allMethods,
    );
    const { events } = given(year).when(settleYearEnd(), AFTER_YEAR).thenEvents();
    const yearEnd = events.find((e) => e.type === 'YearEndSettled');
    if (yearEnd?.type !== 'YearEndSettled') throw new Error('expected YearEndSettled');
    expect(yearEnd.data.inputs).toMatchObject({ approvedYuan: '1255373.11', actualYuan: '1255373.11', settlementCashYuan: '1255373.11' });
  });

  it('DRG: three groups with non-integer weights, cases × weight × base rate half-up per line', () => {
    const { events, state } = given(allMethods).when(methodSettle(1, 'drg', DRG_MONTH), settlementDay(1)).thenEvents();
    const data = posted(events);
    expect(data.detail).toEqual({
      method: 'drg',
      lines: [
        { groupCode: 'FR23', cases: 12, weight: '1.2345', baseRateYuan: '8765.43', amountYuan: '129851.08', costYuan: null },
        { groupCode: 'GB25', cases: 7, weight: '0.8765', baseRateYuan: '8765.43', amountYuan: '53780.30', costYuan: null }, // 53,780.295765
        { groupCode: 'ES11', cases: 3, weight: '2.0437', baseRateYuan: '8765.43', amountYuan: '53741.73', costYuan: '50000.00' },
      ],
    });
    expect(data).toMatchObject({
      month: 1,
      method: 'drg',
      cases: 22,
      amountYuan: '237373.11',
      weightedCases: '27.0806', // case-mix index 27.0806 / 22 = 1.2309…
      rateTable: { stream: 'rates-EMP.2024', version: 1, effectiveFrom: '2024-01-01' },
      budget: { approvedYuan: '237373.11', payableYuan: '237373.11', deferredYuan: '0.00', netPaymentYuan: '237373.11' },
    });
    expect(data.postings).toEqual([
      { fundId: 'EMP', account: 'EMP:expense:settlements', side: 'debit', amountYuan: '237373.11' },
      { fundId: 'EMP', account: 'EMP:cash', side: 'credit', amountYuan: '237373.11' },
    ]);
    expect(state.approvedYuan.toFixed(2)).toBe('237373.11'); // counts in the year's actual A
    expect(state.paymentMethods.settledByMethodYuan.drg.toFixed(2)).toBe('237373.11');
    expect(state.settledMonths).toEqual([]); // the month's global settlement is still to come
  });

  it('WE-5 single disease: the fund pays 3 × 6,000 = 18,000; surpluses 1,000 kept, overrun 1,100 advanced, net −100', () => {
    const lines = ['5200.00', '5800.00', '7100.00'].map((costYuan, i) => ({
      diseaseCode: 'K35.8',
      caseRef: `ZY-${i + 1}`,
      cases: 1,
      costYuan,
    }));
    const { events, state } = given(allMethods).when(methodSettle(1, 'single_disease', lines), settlementDay(1)).thenEvents();
    const data = posted(events);
    expect(data.amountYuan).toBe('18000.00');
    expect(data.detail.lines.map((l) => ('surplusYuan' in l ? [l.amountYuan, l.surplusYuan, l.overrunYuan] : null))).toEqual([
      ['6000.00', '800.00', '0.00'],
      ['6000.00', '200.00', '0.00'],
      ['6000.00', '0.00', '1100.00'],
    ]);
    const methods = state.paymentMethods;
    expect(methods.singleDiseaseSurplusYuan.toFixed(2)).toBe('1000.00');
    expect(methods.singleDiseaseOverrunYuan.toFixed(2)).toBe('1100.00');
    expect(methods.singleDiseaseSurplusYuan.minus(methods.singleDiseaseOverrunYuan).toFixed(2)).toBe('-100.00'); // no net surplus
    expect(state.approvedYuan.toFixed(2)).toBe('18000.00');
  });

  it('WE-6 per diem: 110/bed-day less the patient share; fund 2,700 and 4,410, hospital absorbs 700', () => {
    const lines = [
      { category: 'in_service', bedDays: 30, costYuan: '4000.00' },
      { category: 'retired', bedDays: 45 },
    ];
    const data = posted(given(allMethods).when(methodSettle(1, 'per_diem', lines), settlementDay(1)).thenEvents().events);
    expect(data.detail.lines).toEqual([
      {
        category: 'in_service',
        bedDays: 30,
        rateYuan: '110.00',
        payableYuan: '3300.00',
        patientSharePerDayYuan: '20.00',
        patientShareYuan: '600.00',
        amountYuan: '2700.00',
        costYuan: '4000.00',
        hospitalAbsorbsYuan: '700.00',
      },
      {
        category: 'retired',
        bedDays: 45,
        rateYuan: '110.00',
        payableYuan: '4950.00',
        patientSharePerDayYuan: '12.00',
        patientShareYuan: '540.00',
        amountYuan: '4410.00',
        costYuan: null,
        hospitalAbsorbsYuan: '0.00',
      },
    ]);
    expect(data.amountYuan).toBe('7110.00');
  });

  it('offsets the outstanding prepayment first, as a monthly settlement does', () => {
    const prepaid = steps([[prepay(1), prepaymentDay(1)]], allMethods);
    const data = posted(given(prepaid).when(methodSettle(1, 'drg', DRG_MONTH), settlementDay(1)).thenEvents().events);
    expect(data.budget).toMatchObject({ prepaidOffsetYuan: '237373.11', payableYuan: '0.00', netPaymentYuan: '0.00' });
    expect(data.postings).toEqual([
      { fundId: 'EMP', account: 'EMP:expense:settlements', side: 'debit', amountYuan: '237373.11' },
      { fundId: 'EMP', account: 'EMP:hospital:H001:prepaid', side: 'credit', amountYuan: '237373.11' },
    ]);
  });

  it('defers beyond the quota cash cap (超总控) and counts the whole amount in A', () => {
    const small = steps(
      [
        [setQuota('10000.00'), BEFORE_YEAR],
        [assign(['single_disease']), BEFORE_YEAR],
      ],
    );
    const lines = [{ diseaseCode: 'K35.8', cases: 3, costYuan: '18000.00' }];
    const { events, state } = given(small).when(methodSettle(1, 'single_disease', lines), settlementDay(1)).thenEvents();
    const data = posted(events);
    expect(data.budget).toMatchObject({ roomYuan: '10000.00', payableYuan: '10000.00', deferredYuan: '8000.00' });
    expect(data.postings).toContainEqual({ fundId: 'EMP', account: 'EMP:hospital:H001:deferred_payable', side: 'credit', amountYuan: '8000.00' });
    expect(() => assertBalanced(data.postings)).not.toThrow();
    expect(state.approvedYuan.toFixed(2)).toBe('18000.00');
    expect(state.deferredPayableYuan.toFixed(2)).toBe('8000.00');
  });

  it('lives beside the global settlement of the same month', () => {
    const settled = steps([[settle(1, '1000000.00'), settlementDay(1)]], allMethods);
    const { state } = given(settled).when(methodSettle(1, 'drg', DRG_MONTH), settlementDay(1)).thenEvents();
    expect(state.approvedYuan.toFixed(2)).toBe('1237373.11');
  });

  describe('refuses, appending nothing', () => {
    it('an unknown DRG group, naming the line (UNKNOWN_GROUP_CODE)', () => {
      const error = given(allMethods)
        .when(methodSettle(1, 'drg', [DRG_MONTH[0], { groupCode: 'ZZ99', cases: 1 }]), settlementDay(1))
        .thenThrows(PaymentMethodErrorCodes.UNKNOWN_GROUP_CODE, 'business_rule');
      expect(error.field).toBe('lines[1].groupCode');
    });

    it('a weight other than the table\'s (WEIGHT_NOT_IN_TABLE)', () => {
      const error = given(allMethods)
        .when(methodSettle(1, 'drg', [{ groupCode: 'FR23', cases: 1, weight: '1.3' }]), settlementDay(1))
        .thenThrows(PaymentMethodErrorCodes.WEIGHT_NOT_IN_TABLE, 'business_rule');
      expect(error.field).toBe('lines[0].weight');
    });

    it('an unknown disease (UNKNOWN_DISEASE_CODE)', () => {
      const error = given(allMethods)
        .when(methodSettle(1, 'single_disease', [{ diseaseCode: 'I21.0', cases: 1, costYuan: '1.00' }]), settlementDay(1))
        .thenThrows(PaymentMethodErrorCodes.UNKNOWN_DISEASE_CODE);
      expect(error.field).toBe('lines[0].diseaseCode');
    });

    it.each([
      ['cases not a whole number', 'drg', [{ groupCode: 'FR23', cases: 1.5 }], 'lines[0].cases'],
      ['zero cases', 'drg', [{ groupCode: 'FR23', cases: 0 }], 'lines[0].cases'],
      ['negative bed-days', 'per_diem', [{ category: 'retired', bedDays: -3 }], 'lines[0].bedDays'],
      ['an unknown per-diem category', 'per_diem', [{ category: 'child', bedDays: 3 }], 'lines[0].category'],
      ['a single-disease line without its cost', 'single_disease', [{ diseaseCode: 'K35.8', cases: 1 }], 'lines[0].costYuan'],
      ['two per-case lines', 'per_case_cap', [{ cases: 1, claimedYuan: '1.00' }, { cases: 1, claimedYuan: '1.00' }], 'lines'],
      ['no lines', 'drg', [], 'lines'],
    ] as const)('%s (400 INVALID_FIELD)', (_name, method, lines, field) => {
      const error = given(allMethods).when(methodSettle(1, method, lines), settlementDay(1)).thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
      expect(error.field).toBe(field);
    });

    it('a method the hospital-year does not use (METHOD_NOT_ASSIGNED)', () => {
      const drgOnly = steps([[assign(['drg']), BEFORE_YEAR]], quotaSet);
      const error = given(drgOnly)
        .when(methodSettle(1, 'per_diem', [{ category: 'retired', bedDays: 3 }]), settlementDay(1))
        .thenThrows(PaymentMethodErrorCodes.METHOD_NOT_ASSIGNED, 'business_rule');
      expect(error.field).toBe('method');
      given(quotaSet).when(methodSettle(1, 'drg', DRG_MONTH), settlementDay(1)).thenThrows(PaymentMethodErrorCodes.METHOD_NOT_ASSIGNED);
    });

    it('a method assigned only from a later month', () => {
      const fromJuly = steps([[assign(['drg'], 7), BEFORE_YEAR]], quotaSet);
      given(fromJuly).when(methodSettle(6, 'drg', DRG_MONTH), settlementDay(6)).thenThrows(PaymentMethodErrorCodes.METHOD_NOT_ASSIGNED);
      given(fromJuly).when(methodSettle(7, 'drg', DRG_MONTH), settlementDay(7)).thenEvents();
    });

    it('a second settlement of the month and method (METHOD_ALREADY_SETTLED)', () => {
      const once = steps([[methodSettle(1, 'drg', DRG_MONTH), settlementDay(1)]], allMethods);
      given(once).when(methodSettle(1, 'drg', DRG_MONTH), settlementDay(1)).thenThrows(PaymentMethodErrorCodes.METHOD_ALREADY_SETTLED);
    });

    it('no rate table in force (RATE_TABLE_NOT_SET), or one that does not price the method (RATE_NOT_IN_TABLE)', () => {
      given(allMethods).when(methodSettle(1, 'drg', DRG_MONTH, null), settlementDay(1)).thenThrows(PaymentMethodErrorCodes.RATE_TABLE_NOT_SET);
      const error = given(allMethods)
        .when(methodSettle(1, 'drg', DRG_MONTH, { ...TABLE, drg: null }), settlementDay(1))
        .thenThrows(PaymentMethodErrorCodes.RATE_NOT_IN_TABLE);
      expect(error.field).toBe('method');
    });

    it('a month that has not ended (MONTH_NOT_ENDED, the monthly settlement\'s rule)', () => {
      given(allMethods).when(methodSettle(6, 'drg', DRG_MONTH), on('2024-06-30')).thenThrows(ErrorCodes.MONTH_NOT_ENDED);
    });

    it('after the year end (PERIOD_CLOSED)', () => {
      const closed = steps([[score('90'), AFTER_YEAR], [settleYearEnd(), AFTER_YEAR]], allMethods);
      given(closed).when(methodSettle(1, 'drg', DRG_MONTH), on('2025-02-01')).thenThrows(ErrorCodes.PERIOD_CLOSED);
    });
  });
});
