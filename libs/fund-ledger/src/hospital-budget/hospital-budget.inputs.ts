import { type AmountRule, Decimal, MoneyFormatError, parseDecimal, parseYuan } from '@ledger/money';
import { invalidField } from '../shared/domain-error';

/**
 * Parsing of command fields. Commands arrive from a handler as plain data; every malformed field is a 400
 * (DomainError 'validation', INVALID_FIELD) naming the field, never a MoneyFormatError or a TypeError.
 */

export const MAX_TEXT_LENGTH = 500;
export const MAX_ID_LENGTH = 100;

export function yuanInput(value: unknown, field: string, rule: AmountRule = 'positive'): Decimal {
  return asFieldError(() => parseYuan(value, field, rule));
}

/** A non-negative decimal string (ratios, multipliers, percentages) within [min, max]. */
export function decimalInput(value: unknown, field: string, min?: string, max?: string): Decimal {
  return asFieldError(() => parseDecimal(value, field, min, max));
}

/** Assessment points: "0".."100", at most two places. */
export function pointsInput(value: unknown, field: string): Decimal {
  const points = decimalInput(value, field, '0', '100');
  if (points.decimalPlaces() > 2) throw invalidField(field, 'must have at most 2 decimal places');
  return points;
}

export function textInput(value: unknown, field: string, maxLength = MAX_TEXT_LENGTH): string {
  if (typeof value !== 'string' || value.trim().length === 0) throw invalidField(field, 'must be a non-empty string');
  if (value.length > maxLength) throw invalidField(field, `must be at most ${maxLength} characters`);
  return value;
}

export function idInput(value: unknown, field: string): string {
  const id = textInput(value, field, MAX_ID_LENGTH);
  // ':' separates account path segments; whitespace breaks stream names.
  if (/[\s:]/.test(id)) throw invalidField(field, 'must not contain whitespace or ":"');
  return id;
}

/** Optional text: undefined or null -> null. */
export function optionalText(value: unknown, field: string, maxLength = MAX_TEXT_LENGTH): string | null {
  return value === undefined || value === null ? null : textInput(value, field, maxLength);
}

export function optionalId(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : idInput(value, field);
}

export function monthInput(value: unknown, field = 'month'): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 12) {
    throw invalidField(field, 'must be an integer month 1..12');
  }
  return value as number;
}

export function yearInput(value: unknown, field: string): number {
  if (!Number.isInteger(value) || (value as number) < 1990 || (value as number) > 2200) {
    throw invalidField(field, 'must be an integer year 1990..2200');
  }
  return value as number;
}

export function booleanInput(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalidField(field, 'must be true or false');
  return value;
}

export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidField(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function arrayInput(value: unknown, field: string, maxItems: number): readonly unknown[] {
  if (!Array.isArray(value)) throw invalidField(field, 'must be an array');
  if (value.length > maxItems) throw invalidField(field, `must have at most ${maxItems} items`);
  return value;
}

export function absent(value: unknown, field: string, why: string): void {
  if (value !== undefined && value !== null) throw invalidField(field, why);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date YYYY-MM-DD (string comparison then orders dates correctly). */
export function dateInput(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isIsoDate(value)) throw invalidField(field, 'must be a date YYYY-MM-DD');
  return value;
}

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(match[1]), month);
}

export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return lengths[month - 1]!;
}

/** date + n calendar months, clamped to the month's end: 2023-12-31 + 2 -> 2024-02-29 (WE-16). */
export function addCalendarMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function firstDayOfMonth(year: number, month: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-01`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function asFieldError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof MoneyFormatError) throw invalidField(error.field, error.message);
    throw error;
  }
}

/**
 * The year a late penalty concerns: this stream's year by default, or an earlier one (a closed year
 * whose findings post to the open period). Never a later year.
 */
export function serviceYearOf(value: unknown, streamYear: number): number {
  if (value === undefined || value === null) return streamYear;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < streamYear - 10 || value > streamYear) {
    throw invalidField('serviceYear', `must be a year from ${streamYear - 10} to ${streamYear} (the budget year posted to)`);
  }
  return value;
}
