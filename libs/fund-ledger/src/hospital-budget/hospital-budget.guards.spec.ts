import { ErrorCodes } from '../shared/domain-error';
import { HospitalBudgetErrorCodes } from './hospital-budget.errors';
import {
  assertAgreementActive,
  assertEffectiveDate,
  CO_PAYING_FUND_KINDS,
  type FundKindFact,
  POOLED_FUND_KINDS,
} from './hospital-budget.guards';
import { addCalendarMonths, isIsoDate } from './hospital-budget.inputs';
import { given } from './test/given';
import {
  BEFORE_YEAR,
  history,
  on,
  prepay,
  prepaymentDay,
  setQuota,
  settle,
  settlementDay,
} from './test/hospital-budget.fixtures';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('calendar', () => {
  it.each([
    ['2023-12-31', 2, '2024-02-29'], // WE-16: leap year
    ['2024-12-31', 2, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-06-15', 2, '2024-08-15'],
    ['2024-11-30', 2, '2025-01-30'],
    ['2024-12-01', 1, '2025-01-01'],
  ])('%s + %i calendar months = %s', (date, months, expected) => {
    expect(addCalendarMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2024-04-31', false],
    ['2024-00-10', false],
    ['2024-1-10', false],
  ])('%s is a calendar date: %s', (date, expected) => {
    expect(isIsoDate(date)).toBe(expected);
  });
});

describe('agreement guard (R-ENF-20)', () => {
  const expired = { status: 'active' as const, validFrom: '2023-01-01', validTo: '2023-12-31' };

  it('accepts the last day of the 2-month grace and refuses the next', () => {
    expect(assertAgreementActive(expired, '2024-02-29')).toEqual(expired);
    expect(codeOf(() => assertAgreementActive(expired, '2024-03-01'))).toBe(ErrorCodes.AGREEMENT_INACTIVE);
  });

  it('accepts the first day and refuses the day before', () => {
    expect(assertAgreementActive(expired, '2023-01-01')).toEqual(expired);
    expect(codeOf(() => assertAgreementActive(expired, '2022-12-31'))).toBe(ErrorCodes.AGREEMENT_INACTIVE);
  });

  it('refuses an agreement that ends before it starts (400)', () => {
    expect(codeOf(() => assertAgreementActive({ ...expired, validTo: '2022-12-31' }, '2023-06-01'))).toBe(
      ErrorCodes.INVALID_FIELD,
    );
  });
});

describe('effective-date windows', () => {
  it.each([
    ['budget', '2023-01-01', '2025-12-31'],
    ['prepayment', '2024-01-01', '2024-12-31'],
    ['settlement', '2024-01-01', '2025-03-31'],
  ] as const)('%s: from %s to %s inclusive', (window, first, last) => {
    expect(assertEffectiveDate(on(first), 2024, window)).toBe(first);
    expect(assertEffectiveDate(on(last), 2024, window)).toBe(last);
    expect(codeOf(() => assertEffectiveDate(on(addCalendarMonths(last, 1).slice(0, 8) + '01'), 2024, window))).toBe(
      ErrorCodes.EFFECTIVE_DATE_OUTSIDE_YEAR,
    );
  });

  it('year end: from 1 January of the next year, without upper bound', () => {
    expect(assertEffectiveDate(on('2025-01-01'), 2024, 'year_end')).toBe('2025-01-01');
    expect(assertEffectiveDate(on('2027-06-30'), 2024, 'year_end')).toBe('2027-06-30');
    expect(codeOf(() => assertEffectiveDate(on('2024-12-31'), 2024, 'year_end'))).toBe(
      ErrorCodes.EFFECTIVE_DATE_OUTSIDE_YEAR,
    );
  });
});

/** Issue #14 §5: the fund kinds come from the registry (the handlers read them); the deciders check them. */
describe('fund-kind guards', () => {
  const quotaSet = history([[setQuota('1000000.00'), BEFORE_YEAR]]);
  const notPooled: FundKindFact[] = ['employee_personal', 'medical_assistance', 'maternity', 'treasury'];

  it('the pooled kinds are employee_pooled and resident_pooled; a co-fund may also be medical_assistance', () => {
    expect(POOLED_FUND_KINDS).toEqual(['employee_pooled', 'resident_pooled']);
    expect(CO_PAYING_FUND_KINDS).toEqual(['medical_assistance', 'employee_pooled', 'resident_pooled']);
  });

  describe('422 FUND_KIND_NOT_POOLED naming fundId: quotas, prepayments and settlements only on pooled funds', () => {
    it.each(notPooled)('SetQuota on a %s fund', (fundKind) => {
      given([])
        .when({ ...setQuota('1000000.00'), fundKind }, BEFORE_YEAR)
        .thenRejects({ kind: 'business_rule', code: HospitalBudgetErrorCodes.FUND_KIND_NOT_POOLED, field: 'fundId' });
    });

    it.each(notPooled)('DisbursePrepayment on a %s fund', (fundKind) => {
      given(quotaSet)
        .when({ ...prepay(1, '1000.00'), fundKind }, prepaymentDay(1))
        .thenRejects({ code: HospitalBudgetErrorCodes.FUND_KIND_NOT_POOLED, field: 'fundId' });
    });

    it.each(notPooled)('PostMonthlySettlement on a %s fund', (fundKind) => {
      given(quotaSet)
        .when({ ...settle(1, '1000.00'), fundKind }, settlementDay(1))
        .thenRejects({ code: HospitalBudgetErrorCodes.FUND_KIND_NOT_POOLED, field: 'fundId' });
    });

    it.each(POOLED_FUND_KINDS)('accepts all three on a %s fund', (fundKind) => {
      const events = history([
        [{ ...setQuota('1000000.00'), fundKind }, BEFORE_YEAR],
        [{ ...prepay(1, '1000.00'), fundKind }, prepaymentDay(1)],
        [{ ...settle(1, '1000.00'), fundKind }, settlementDay(1)],
      ]);
      expect(events.map((e) => e.type)).toEqual(['QuotaSet', 'PrepaymentDisbursed', 'MonthlySettlementPosted']);
    });
  });

  describe('422 CO_FUND_KIND_NOT_ALLOWED naming coFunding.fundId: a co-fund only of a kind that may co-pay', () => {
    const coFunded = (fundId: string, coFundKind: FundKindFact) =>
      settle(1, '1000.00', { fundKind: 'employee_pooled', coFunding: { fundId, ratio: '0.30' }, coFundKind });

    it.each<[string, FundKindFact]>([
      ['EMP-PERSONAL', 'employee_personal'],
      ['MATERNITY', 'maternity'],
      ['TREASURY', 'treasury'],
    ])('refuses %s (%s)', (fundId, kind) => {
      given(quotaSet).when(coFunded(fundId, kind), settlementDay(1)).thenRejects({
        kind: 'business_rule',
        code: HospitalBudgetErrorCodes.CO_FUND_KIND_NOT_ALLOWED,
        field: 'coFunding.fundId',
      });
    });

    it('refuses the treasury memorandum even when the caller read no kind', () => {
      given(quotaSet)
        .when(settle(1, '1000.00', { coFunding: { fundId: 'TREASURY', ratio: '0.30' } }), settlementDay(1))
        .thenRejects({ code: HospitalBudgetErrorCodes.CO_FUND_KIND_NOT_ALLOWED, field: 'coFunding.fundId' });
    });

    it.each<[string, FundKindFact]>([
      ['MA', 'medical_assistance'],
      ['RES-POOLED', 'resident_pooled'],
    ])('accepts %s (%s), split 700.00 / 300.00', (fundId, kind) => {
      const [event] = given(quotaSet).when(coFunded(fundId, kind), settlementDay(1)).events();
      expect(event?.data).toMatchObject({ coFunding: { fundId, primaryYuan: '700.00', coFundedYuan: '300.00' } });
    });
  });
});
