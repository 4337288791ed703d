import { invalidField } from '../shared/domain-error';

/**
 * Calendar dates as 'YYYY-MM-DD' strings and periods as 'YYYY-MM'. Pure arithmetic, no Date objects:
 * a Date brings a time zone, and a fund's business date has none. Strings in this format sort
 * chronologically, so comparisons are plain string comparisons.
 */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface Period {
  readonly year: number;
  readonly month: number;
}

const DATE_PATTERN = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const PERIOD_PATTERN = /^([0-9]{4})-([0-9]{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A real calendar date ('2025-02-30' is not), year 1900..9999. */
export function toCalendarDate(value: unknown): CalendarDate | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function requireDate(value: unknown, field: string): string {
  if (!toCalendarDate(value)) throw invalidField(field, 'must be a calendar date YYYY-MM-DD');
  return value as string;
}

export function requirePeriod(value: unknown, field: string): Period {
  const match = typeof value === 'string' ? PERIOD_PATTERN.exec(value) : null;
  const period = match ? { year: Number(match[1]), month: Number(match[2]) } : undefined;
  if (!period || period.year < 1900 || period.month < 1 || period.month > 12) {
    throw invalidField(field, 'must be a month YYYY-MM');
  }
  return period;
}

export function formatDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
}

export function formatPeriod(period: Period): string {
  return `${String(period.year).padStart(4, '0')}-${pad2(period.month)}`;
}

/**
 * Adds calendar months, clamping the day to the target month's length (Java plusMonths semantics):
 * 2025-12-31 + 2 = 2026-02-28; 2027-12-31 + 2 = 2028-02-29; 2025-06-30 + 2 = 2025-08-30.
 */
export function addMonths(date: string, months: number): string {
  const parsed = toCalendarDate(date);
  if (!parsed) throw new RangeError(`addMonths: not a calendar date: ${date}`);
  if (!Number.isInteger(months)) throw new RangeError('addMonths: months must be an integer');
  const monthIndex = parsed.year * 12 + (parsed.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  return formatDate({ year, month, day: Math.min(parsed.day, daysInMonth(year, month)) });
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
