import { ErrorCodes } from '../shared/domain-error';
import { addMonths, daysInMonth, formatPeriod, requireDate, requirePeriod, toCalendarDate } from './calendar';
import { caught } from '../test/decider-specification';

describe('calendar', () => {
  it('knows leap years (divisible by 4, except centuries not divisible by 400)', () => {
    expect([2024, 2025, 2028, 1900, 2000].map((y) => daysInMonth(y, 2))).toEqual([29, 28, 29, 28, 29]);
  });

  it('accepts only real dates', () => {
    expect(toCalendarDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(
      ['2025-02-29', '2025-04-31', '2025-00-10', '2025-1-01', '2025-01-01T00:00', 20250101].map(toCalendarDate),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('adds months with the day of month clamped', () => {
    expect(addMonths('2025-12-31', 2)).toBe('2026-02-28');
    expect(addMonths('2027-12-31', 2)).toBe('2028-02-29');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-03-15', 12)).toBe('2026-03-15');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2025-01-01', 36)).toBe('2028-01-01');
  });

  it('refuses a non-date in addMonths (programming error, not user input)', () => {
    expect(() => addMonths('2025-02-30', 1)).toThrow(RangeError);
  });

  it('parses periods YYYY-MM and names the field when it cannot', () => {
    expect(requirePeriod('2025-09', 'period')).toEqual({ year: 2025, month: 9 });
    expect(formatPeriod({ year: 2025, month: 9 })).toBe('2025-09');
    for (const bad of ['2025-13', '2025-9', '2025-00', '2025-09-01', null]) {
      expect(caught(() => requirePeriod(bad, 'period'))).toMatchObject({
        code: ErrorCodes.INVALID_FIELD,
        field: 'period',
      });
    }
  });

  it('names the field of a bad date', () => {
    expect(caught(() => requireDate('2025-02-29', 'validFrom'))).toMatchObject({ field: 'validFrom' });
  });
});
