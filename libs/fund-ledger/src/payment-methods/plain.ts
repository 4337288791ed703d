/**
 * A DTO's value as plain JSON (class identity and undefined keys dropped): what a decider receives from a
 * handler, the same whether it came over HTTP, the CLI or a test.
 */
export function plain(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}
