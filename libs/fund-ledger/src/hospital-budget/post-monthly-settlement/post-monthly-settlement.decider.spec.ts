import { Decimal } from '@ledger/money';
import { ErrorCodes } from '../../shared/domain-error';
import { assertBalanced } from '../../shared/journal';
import { HospitalBudgetErrorCodes } from '../hospital-budget.errors';
import type { MonthlySettlementPostedData } from '../hospital-budget.events';
import { given } from '../test/given';
import {
  ACTIVE_AGREEMENT,
  BEFORE_YEAR,
  clawback,
  closedYear,
  history,
  on,
  prepay,
  prepaymentDay,
  setQuota,
  settle,
  settlementDay,
} from '../test/hospital-budget.fixtures';
import { MAX_REFUSALS, type RefusalInput, refusedAmount } from './post-monthly-settlement.decider';

const quotaSet = history([[setQuota('36000000.00'), BEFORE_YEAR]]);
const prepaidJanuary = history([[prepay(1), prepaymentDay(1)]], quotaSet);

function settledData(events: ReturnType<typeof history>): MonthlySettlementPostedData {
  const event = events[0]!;
  if (event.type !== 'MonthlySettlementPosted') throw new Error(`expected a settlement, got ${event.type}`);
  return event.data;
}

const plainRefusal: RefusalInput = {
  ruleId: 'R-ENF-18',
  caseRef: 'case-1',
  baseYuan: '8000.00',
  multiplier: '1',
  includesBase: true,
};

describe('PostMonthlySettlement', () => {
  it('offsets the prepayment first and pays the rest (with a plain refusal)', () => {
    given(prepaidJanuary)
      .when(settle(1, '3200000.00', { refusals: [plainRefusal] }), settlementDay(1))
      .then([
        {
          type: 'MonthlySettlementPosted',
          data: {
            fundId: 'EMP',
            payeeId: 'H001',
            year: 2024,
            effectiveDate: '2024-02-10',
            month: 1,
            claimedYuan: '3200000.00',
            refusals: [
              {
                ruleId: 'R-ENF-18',
                caseRef: 'case-1',
                baseYuan: '8000.00',
                multiplier: '1',
                includesBase: true,
                refusedYuan: '8000.00',
                note: null,
              },
            ],
            refusedYuan: '8000.00',
            approvedYuan: '3192000.00',
            coFunding: null,
            primaryApprovedYuan: '3192000.00',
            prepaidOffsetYuan: '3000000.00',
            quotaYuan: '36000000.00',
            paidTowardYearBeforeYuan: '3000000.00',
            roomYuan: '33000000.00',
            payableYuan: '192000.00',
            deferredYuan: '0.00',
            receivableOffsets: [],
            receivableOffsetYuan: '0.00',
            netPaymentYuan: '192000.00',
            policyVersion: 'policy-EMP-2024@3',
            agreement: ACTIVE_AGREEMENT,
            postings: [
              { fundId: 'EMP', account: 'EMP:expense:settlements', side: 'debit', amountYuan: '3192000.00' },
              { fundId: 'EMP', account: 'EMP:hospital:H001:prepaid', side: 'credit', amountYuan: '3000000.00' },
              { fundId: 'EMP', account: 'EMP:cash', side: 'credit', amountYuan: '192000.00' },
            ],
          },
        },
      ]);
  });

  it('keeps an unused prepayment outstanding when the month approves less', () => {
    const { events, state } = given(prepaidJanuary).when(settle(1, '2750000.00'), settlementDay(1)).thenEvents();
    expect(settledData(events)).toMatchObject({
      prepaidOffsetYuan: '2750000.00',
      payableYuan: '0.00',
      netPaymentYuan: '0.00',
    });
    expect(state.prepaidOutstandingYuan.toFixed(2)).toBe('250000.00');
  });

  describe('WE-9 amplified refusal of an 8,000 case', () => {
    const base = new Decimal('8000.00');
    it.each([
      ['2', true, '16000.00'],
      ['5', true, '40000.00'],
      ['2', false, '24000.00'],
      ['5', false, '48000.00'],
      ['10', true, '80000.00'],
      ['10', false, '88000.00'],
      ['2.5', true, '20000.00'],
    ])('multiplier %s, includes base %s -> %s', (multiplier, includesBase, expected) => {
      expect(refusedAmount(base, new Decimal(multiplier), includesBase).toFixed(2)).toBe(expected);
    });

    it('records base, multiplier and reading per line, and deducts their sum from the claim', () => {
      const refusals: RefusalInput[] = [
        {
          ruleId: 'R-ENF-7',
          caseRef: 'phantom-1',
          baseYuan: '8000.00',
          multiplier: '2',
          includesBase: true,
          note: 'reading 2',
        },
        { ruleId: 'R-ENF-7', caseRef: 'phantom-2', baseYuan: '8000.00', multiplier: '5', includesBase: false },
      ];
      const data = settledData(
        given(prepaidJanuary)
          .when(settle(1, '3000000.00', { refusals }), settlementDay(1))
          .thenEvents().events,
      );
      expect(data.refusals.map((r) => [r.caseRef, r.baseYuan, r.multiplier, r.includesBase, r.refusedYuan])).toEqual([
        ['phantom-1', '8000.00', '2', true, '16000.00'],
        ['phantom-2', '8000.00', '5', false, '48000.00'],
      ]);
      expect(data).toMatchObject({ refusedYuan: '64000.00', approvedYuan: '2936000.00' });
    });

    it('rounds each multiple half-up to the fen', () => {
      const refusals: RefusalInput[] = [
        { ruleId: 'R-ENF-12', baseYuan: '0.03', multiplier: '2.5', includesBase: true },
      ];
      const data = settledData(
        given(prepaidJanuary)
          .when(settle(1, '100.00', { refusals }), settlementDay(1))
          .thenEvents().events,
      );
      expect(data.refusals[0]!.refusedYuan).toBe('0.08'); // 0.075 -> 0.08
    });
  });

  describe('WE-12 two funds paying one claim', () => {
    it('splits 368.47万 at 0.30 into 2,579,290.00 (this fund) and 1,105,410.00 (co-fund), paid directly', () => {
      const { events, state } = given(quotaSet)
        .when(settle(1, '3684700.00', { coFunding: { fundId: 'MA', ratio: '0.30' } }), settlementDay(1))
        .thenEvents();
      const data = settledData(events);
      expect(data.coFunding).toEqual({
        fundId: 'MA',
        ratio: '0.30',
        primaryYuan: '2579290.00',
        coFundedYuan: '1105410.00',
      });
      expect(data).toMatchObject({
        approvedYuan: '3684700.00',
        primaryApprovedYuan: '2579290.00',
        netPaymentYuan: '2579290.00',
      });
      expect(data.postings).toEqual([
        { fundId: 'EMP', account: 'EMP:expense:settlements', side: 'debit', amountYuan: '2579290.00' },
        { fundId: 'EMP', account: 'EMP:cash', side: 'credit', amountYuan: '2579290.00' },
        { fundId: 'MA', account: 'MA:expense:settlements', side: 'debit', amountYuan: '1105410.00' },
        { fundId: 'MA', account: 'MA:cash', side: 'credit', amountYuan: '1105410.00' },
      ]);
      expect(() => assertBalanced(data.postings)).not.toThrow();
      expect(state.approvedYuan.toFixed(2)).toBe('2579290.00'); // only this fund's part is in the budget
    });

    it('splits a single claim of 100.00 into 70.00 / 30.00', () => {
      const data = settledData(
        given(quotaSet)
          .when(settle(1, '100.00', { coFunding: { fundId: 'MA', ratio: '0.30' } }), settlementDay(1))
          .thenEvents().events,
      );
      expect(data.coFunding).toMatchObject({ primaryYuan: '70.00', coFundedYuan: '30.00' });
    });

    it('gives the odd fen by largest remainder so the parts add up (0.01 at 0.30 -> 0.01 / 0.00)', () => {
      const data = settledData(
        given(quotaSet)
          .when(settle(1, '0.01', { coFunding: { fundId: 'MA', ratio: '0.30' } }), settlementDay(1))
          .thenEvents().events,
      );
      expect(data.coFunding).toMatchObject({ primaryYuan: '0.01', coFundedYuan: '0.00' });
    });
  });

  it('defers what the in-year cash cap (超总控) does not allow', () => {
    const events = history([
      [setQuota('5000000.00'), BEFORE_YEAR],
      [prepay(1), prepaymentDay(1)],
      [settle(1, '4500000.00'), settlementDay(1)], // 3,000,000 offset + 1,500,000 paid
    ]);
    const { events: decided, state } = given(events).when(settle(2, '1000000.00'), settlementDay(2)).thenEvents();
    const data = settledData(decided);
    expect(data).toMatchObject({
      prepaidOffsetYuan: '0.00',
      paidTowardYearBeforeYuan: '4500000.00',
      roomYuan: '500000.00',
      payableYuan: '500000.00',
      deferredYuan: '500000.00',
      netPaymentYuan: '500000.00',
    });
    expect(data.postings).toEqual([
      { fundId: 'EMP', account: 'EMP:expense:settlements', side: 'debit', amountYuan: '1000000.00' },
      { fundId: 'EMP', account: 'EMP:hospital:H001:deferred_payable', side: 'credit', amountYuan: '500000.00' },
      { fundId: 'EMP', account: 'EMP:cash', side: 'credit', amountYuan: '500000.00' },
    ]);
    expect(state.deferredPayableYuan.toFixed(2)).toBe('500000.00');
    expect(state.prepaidGrossYuan.plus(state.settlementPayableYuan).toFixed(2)).toBe('5000000.00');
  });

  it('offsets open receivables oldest first (openedOn, then id) from the payable', () => {
    const events = history(
      [
        [settle(1, '1000000.00'), settlementDay(1)],
        [clawback('R-B', '100000.00'), on('2024-03-01')],
        [clawback('R-A', '50000.00'), on('2024-03-01')],
        [clawback('R-C', '30000.00'), on('2024-02-20')],
      ],
      quotaSet,
    );
    const { events: decided, state } = given(events).when(settle(2, '120000.00'), settlementDay(2)).thenEvents();
    const data = settledData(decided);
    expect(data.receivableOffsets).toEqual([
      { receivableId: 'R-C', amountYuan: '30000.00' },
      { receivableId: 'R-A', amountYuan: '50000.00' },
      { receivableId: 'R-B', amountYuan: '40000.00' },
    ]);
    expect(data).toMatchObject({ payableYuan: '120000.00', receivableOffsetYuan: '120000.00', netPaymentYuan: '0.00' });
    expect(data.postings).toEqual([
      { fundId: 'EMP', account: 'EMP:expense:settlements', side: 'debit', amountYuan: '120000.00' },
      { fundId: 'EMP', account: 'EMP:hospital:H001:receivable', side: 'credit', amountYuan: '120000.00' },
    ]);
    expect(state.receivables.map((r) => [r.receivableId, r.outstandingYuan.toFixed(2)])).toEqual([
      ['R-B', '60000.00'],
      ['R-A', '0.00'],
      ['R-C', '0.00'],
    ]);
  });

  it('records a month without claims, with no postings', () => {
    const { events, state } = given(quotaSet).when(settle(1, '0.00'), settlementDay(1)).thenEvents();
    expect(settledData(events)).toMatchObject({ approvedYuan: '0.00', postings: [] });
    expect(state.settledMonths).toEqual([1]);
  });

  it('settles December in the next year, within the agreement grace', () => {
    const data = settledData(given(quotaSet).when(settle(12, '10.00'), on('2025-02-28')).thenEvents().events);
    expect(data).toMatchObject({ month: 12, effectiveDate: '2025-02-28' });
  });

  describe('refuses', () => {
    it('a second settlement of the month (MONTH_ALREADY_SETTLED)', () => {
      const events = history([[settle(1, '10.00'), settlementDay(1)]], quotaSet);
      given(events)
        .when(settle(1, '5.00'), settlementDay(2))
        .thenThrows(ErrorCodes.MONTH_ALREADY_SETTLED, 'business_rule');
    });

    it('refusals larger than the claim, pointing to liquidated damages (REFUSAL_EXCEEDS_CLAIM)', () => {
      const refusals: RefusalInput[] = [
        { ruleId: 'R-ENF-7', baseYuan: '8000.00', multiplier: '10', includesBase: false },
      ];
      const error = given(quotaSet)
        .when(settle(1, '80000.00', { refusals }), settlementDay(1))
        .thenThrows(ErrorCodes.REFUSAL_EXCEEDS_CLAIM);
      expect(error.message).toContain('liquidated damages');
    });

    it('before the quota is set (QUOTA_NOT_SET)', () => {
      given([]).when(settle(1, '10.00'), settlementDay(1)).thenThrows(ErrorCodes.QUOTA_NOT_SET);
    });

    it.each([
      ['a terminated agreement', { ...ACTIVE_AGREEMENT, status: 'terminated' as const }, '2024-02-10'],
      ['no agreement', null, '2024-02-10'],
      ['a date past the 2-month grace', ACTIVE_AGREEMENT, '2025-03-01'],
    ])('%s (AGREEMENT_INACTIVE)', (_name, agreement, date) => {
      given(quotaSet)
        .when(settle(1, '10.00', { agreement }), on(date))
        .thenThrows(ErrorCodes.AGREEMENT_INACTIVE);
    });

    it('a month that has not ended (MONTH_NOT_ENDED, local code)', () => {
      given(quotaSet)
        .when(settle(6, '10.00'), on('2024-06-30'))
        .thenThrows(HospitalBudgetErrorCodes.MONTH_NOT_ENDED, 'business_rule');
    });

    it('a settlement after the first quarter of the next year (EFFECTIVE_DATE_OUTSIDE_YEAR)', () => {
      given(quotaSet).when(settle(12, '10.00'), on('2025-04-01')).thenThrows(ErrorCodes.EFFECTIVE_DATE_OUTSIDE_YEAR);
    });

    it('more than 500 refusal lines', () => {
      const refusals = Array.from({ length: MAX_REFUSALS + 1 }, () => plainRefusal);
      given(quotaSet)
        .when(settle(1, '9000000.00', { refusals }), settlementDay(1))
        .thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
    });

    it.each([
      ['a multiplier below 1', { ...plainRefusal, multiplier: '0.5' }],
      ['a multiplier above 10', { ...plainRefusal, multiplier: '11' }],
      ['a missing reading of the base', { ...plainRefusal, includesBase: undefined as unknown as boolean }],
      ['a zero base', { ...plainRefusal, baseYuan: '0.00' }],
      ['an empty rule id', { ...plainRefusal, ruleId: '' }],
    ])('a refusal with %s (400)', (_name, refusal) => {
      given(quotaSet)
        .when(settle(1, '100000.00', { refusals: [refusal] }), settlementDay(1))
        .thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
    });

    it.each([
      ['the stream fund as co-fund', { fundId: 'EMP', ratio: '0.30' }],
      ['a zero ratio', { fundId: 'MA', ratio: '0' }],
      ['a ratio of 1', { fundId: 'MA', ratio: '1' }],
      ['a ratio above 1', { fundId: 'MA', ratio: '1.2' }],
    ])('co-funding with %s (400)', (_name, coFunding) => {
      given(quotaSet)
        .when(settle(1, '100.00', { coFunding }), settlementDay(1))
        .thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
    });

    it.each([
      ['a negative claim', { claimedYuan: '-1.00' }],
      ['refusals that are not a list', { refusals: 'none' as unknown as RefusalInput[] }],
      ['month 13', { month: 13 }],
    ])('%s (400)', (_name, patch) => {
      given(quotaSet)
        .when({ ...settle(1, '10.00'), ...patch }, settlementDay(1))
        .thenThrows(ErrorCodes.INVALID_FIELD);
    });

    it('a closed year (PERIOD_CLOSED)', () => {
      given(closedYear()).when(settle(1, '10.00'), settlementDay(1)).thenThrows(ErrorCodes.PERIOD_CLOSED);
    });
  });
});
