import type { Decimal } from '@ledger/money';
import { yuan } from '@ledger/money';
import { invalidField } from '../shared/domain-error';
import { arrayInput, decimalInput, yuanInput } from '../hospital-budget/hospital-budget.inputs';

/** Bounds of a rate table (泉州 2022: 494 diseases, DRG groupers run to ~1,000 groups): every list is limited. */
export const MAX_DRG_GROUPS = 2000;
export const MAX_DISEASES = 1000;
export const MAX_RATE_TABLE_VERSIONS = 50;
/** A relative weight: > 0, at most 100, at most 4 places ("1.2345"). */
export const MAX_WEIGHT = '100';
export const MAX_WEIGHT_PLACES = 4;
/** Group and disease codes (DRG "FR23", ICD-10 "K35.800"): never part of a stream name. */
export const RATE_CODE_PATTERN = /^[A-Za-z0-9_.+-]{1,40}$/;

export function codeInput(value: unknown, field: string): string {
  if (typeof value !== 'string' || !RATE_CODE_PATTERN.test(value)) {
    throw invalidField(field, 'must be 1-40 characters of A-Z, a-z, 0-9, _ . + or -');
  }
  return value;
}

export function weightInput(value: unknown, field: string): Decimal {
  const weight = decimalInput(value, field, '0', MAX_WEIGHT);
  if (weight.isZero()) throw invalidField(field, 'must be greater than 0');
  if (weight.decimalPlaces() > MAX_WEIGHT_PLACES) throw invalidField(field, `must have at most ${MAX_WEIGHT_PLACES} decimal places`);
  return weight;
}

/** A positive yuan amount as its two-place string. */
export const yuanText = (value: unknown, field: string, rule: 'positive' | 'non_negative' = 'positive'): string =>
  yuan(yuanInput(value, field, rule));

/** A bounded list of objects, each parsed with its own field prefix (`${field}[i]`); codes must be unique. */
export function uniqueLines<T extends { readonly code: string }>(
  value: unknown,
  field: string,
  maxItems: number,
  parse: (raw: Record<string, unknown>, at: string) => T,
): T[] {
  const seen = new Set<string>();
  return arrayInput(value, field, maxItems).map((raw, i) => {
    const at = `${field}[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw invalidField(at, 'must be an object');
    const line = parse(raw as Record<string, unknown>, at);
    if (seen.has(line.code)) throw invalidField(`${at}.code`, `duplicate code ${line.code}`);
    seen.add(line.code);
    return line;
  });
}

/** A whole number ≥ 1 (cases, bed-days): a fraction or a negative is a 400 naming the field. */
export function countInput(value: unknown, field: string, max = 10_000_000): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidField(field, 'must be a whole number');
  if (value < 1) throw invalidField(field, 'must be at least 1');
  if (value > max) throw invalidField(field, `must be at most ${max}`);
  return value;
}
