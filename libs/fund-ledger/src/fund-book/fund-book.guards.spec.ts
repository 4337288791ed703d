import { addDays } from './fund-book.guards';

describe('addDays (the R-PAY-10 deadline arithmetic, no Date and no time zone)', () => {
  it.each([
    ['2025-06-20', 30, '2025-07-20'],
    ['2025-01-31', 30, '2025-03-02'],
    ['2024-01-31', 30, '2024-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2000-02-28', 1, '2000-02-29'],
    ['1900-02-28', 1, '1900-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2025-07-15', 0, '2025-07-15'],
    ['2025-01-01', 365, '2026-01-01'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('agrees with UTC day arithmetic over ten years', () => {
    const start = Date.UTC(2020, 0, 1);
    for (let day = 0; day < 3653; day += 7) {
      expect(addDays('2020-01-01', day)).toBe(new Date(start + day * 86_400_000).toISOString().slice(0, 10));
    }
  });
});
