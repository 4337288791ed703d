import type { RecordedEvent } from '@ledger/event-store';
import { Decimal, roundFen, yuan, ZERO } from '@ledger/money';

/**
 * Helpers shared by the read-side projections. Projections are pure folds: they read only the event
 * (data, metadata) and their own state. Money stays Decimal inside and leaves as yuan strings.
 */

/** The business date of an event: data.effectiveDate, else metadata.effectiveDate, else the store's date. */
export function effectiveDateOf(event: RecordedEvent): string {
  const fromData = event.data['effectiveDate'];
  if (typeof fromData === 'string') return fromData;
  const fromMetadata = event.metadata['effectiveDate'];
  if (typeof fromMetadata === 'string') return fromMetadata;
  return event.recordedAt.toISOString().slice(0, 10);
}

export { recordedAtOf } from '@ledger/projections';

/** An amount from an event's data (always a yuan string in a valid event). */
export function amount(value: unknown): Decimal {
  return new Decimal(value as string);
}

/** map[key] += value, in place (one Decimal allocation, no map copy). */
export function addInto(map: Map<string, Decimal>, key: string, value: Decimal): void {
  const current = map.get(key);
  map.set(key, current === undefined ? value : current.plus(value));
}

/** Yuan string of an amount already at the fen; refuses more than two places (an invariant, not rounding). */
export function out(value: Decimal): string {
  return yuan(value);
}

/** Yuan string of a computed amount (a projection, an average): half-up to the fen first. */
export function outRounded(value: Decimal): string {
  return yuan(roundFen(value));
}

export function outOrNull(value: Decimal | null): string | null {
  return value === null ? null : yuan(value);
}

/** numerator ÷ denominator × 100 to two places (half-up), or null when the denominator is not positive. */
export function percent(numerator: Decimal, denominator: Decimal | null): string | null {
  if (denominator === null || !denominator.gt(0)) return null;
  return numerator.div(denominator).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

export function sumValues(map: ReadonlyMap<string, Decimal>): Decimal {
  let total = ZERO;
  for (const value of map.values()) total = total.plus(value);
  return total;
}

export function decimalMapToJson(map: ReadonlyMap<string, Decimal>): Record<string, string> {
  const json: Record<string, string> = {};
  for (const [key, value] of map) json[key] = value.toString();
  return json;
}

export function decimalMapFromJson(json: Record<string, string>): Map<string, Decimal> {
  const map = new Map<string, Decimal>();
  for (const [key, value] of Object.entries(json)) map.set(key, new Decimal(value));
  return map;
}

/** Yuan strings for each key of a map, in a fixed key order (every key present, zero when absent). */
export function yuanByKey(map: ReadonlyMap<string, Decimal>, keys: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of keys) result[key] = yuan(map.get(key) ?? ZERO);
  for (const [key, value] of map) if (!(key in result)) result[key] = yuan(value);
  return result;
}

export function dataOf<T>(event: RecordedEvent): T {
  return event.data as unknown as T;
}

/** YYYY-MM-DD → the months of `year` that have fully ended by that date (0..12). */
export function monthsEndedBy(year: number, date: string): number {
  const dateYear = Number(date.slice(0, 4));
  if (dateYear < year) return 0;
  if (dateYear > year) return 12;
  return Number(date.slice(5, 7)) - 1;
}

/** Stable text order (no locale): the order of every list a read model returns. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
