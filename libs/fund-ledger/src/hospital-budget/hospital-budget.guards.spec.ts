import { ErrorCodes } from '../shared/domain-error';
import { assertAgreementActive, assertEffectiveDate } from './hospital-budget.guards';
import { addCalendarMonths, isIsoDate } from './hospital-budget.inputs';
import { on } from './test/hospital-budget.fixtures';

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
