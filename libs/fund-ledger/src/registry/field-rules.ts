import { AmountRule, Decimal, MoneyFormatError, parseDecimal, parseYuan } from '@ledger/money';
import { invalidField } from '../shared/domain-error';
import { TREASURY_FUND } from '../shared/journal';

/**
 * Field rules shared by the pure deciders. Commands reach a decider from HTTP, the CLI and tests, so
 * every decider re-checks its input and answers with invalidField(path) rather than trusting a DTO.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_TEXT_LENGTH = 500;

export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw invalidField(field, 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -');
  }
  return value;
}

/** A fund id; TREASURY is the pseudo-fund of the fines memorandum and can never be registered or posted as a fund. */
export function requireFundId(value: unknown, field: string): string {
  const fundId = requireId(value, field);
  if (fundId === TREASURY_FUND) throw invalidField(field, `${TREASURY_FUND} is reserved for the treasury memorandum`);
  // `fund-{fundId}` must not be the name of another fund's stream (fund-budget-…, fund-close-…).
  if (RESERVED_FUND_ID_PREFIXES.some((prefix) => fundId.toLowerCase().startsWith(prefix))) {
    throw invalidField(field, `must not start with ${RESERVED_FUND_ID_PREFIXES.join(' or ')} (reserved stream names)`);
  }
  return fundId;
}

export const RESERVED_FUND_ID_PREFIXES = ['budget-', 'close-'];

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) throw invalidField(field, 'must be a non-empty string');
  if (value.length > MAX_TEXT_LENGTH) throw invalidField(field, `must be at most ${MAX_TEXT_LENGTH} characters`);
  return value;
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidField(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function requireInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidField(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** A fund year (budget year, coverage year). */
export function requireYear(value: unknown, field: string): number {
  return requireInteger(value, field, 1900, 9999);
}

/** A yuan amount string (at most 2 places) as a Decimal, or invalidField naming the field. */
export function requireYuan(value: unknown, field: string, rule: AmountRule = 'positive'): Decimal {
  return asFieldError(() => parseYuan(value, field, rule));
}

/** A ratio or rate string within [min, max] as a Decimal, or invalidField naming the field. */
export function requireRate(value: unknown, field: string, min: string, max: string): Decimal {
  return asFieldError(() => parseDecimal(value, field, min, max));
}

function asFieldError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof MoneyFormatError) throw invalidField(error.field, `${error.field} ${error.reason}`);
    throw error;
  }
}
