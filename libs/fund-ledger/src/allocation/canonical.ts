import { createHash } from 'node:crypto';

/**
 * Canonical JSON (object keys sorted, no whitespace) and its sha256, for "is this the same run?" checks
 * made inside the pure deciders. Deterministic, no I/O: an auditor recomputes the digest from the event.
 */
export function canonicalText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalText(v === undefined ? null : v)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalText(record[k])}`).join(',')}}`;
}

export function digestOf(value: unknown): string {
  return createHash('sha256').update(canonicalText(value), 'utf8').digest('hex');
}
