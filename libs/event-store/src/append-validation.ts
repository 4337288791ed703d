import {
  MAX_EVENTS_PER_APPEND,
  MAX_EVENT_BYTES,
  MAX_PAGE_SIZE,
  type AppendOptions,
  type ExpectedRevision,
  type NewEvent,
} from './event-store.port';
import { EventStoreArgumentError } from './errors';

/** Checks every adapter makes before it touches its store, so all three refuse the same input the same way. */

export const MAX_STREAM_NAME_LENGTH = 512;

/** Validates an append; returns the total bytes of its events (for batch limits). */
export function validateAppend(
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  command: AppendOptions['command'],
): number {
  if (typeof stream !== 'string' || stream.length === 0 || stream.length > MAX_STREAM_NAME_LENGTH) {
    throw new EventStoreArgumentError(`stream name must be 1..${MAX_STREAM_NAME_LENGTH} characters`);
  }
  assertStorableText(stream, 'stream name');
  if (command) {
    assertStorableText(command.commandId, 'command id');
    assertStorableText(command.bodyHash, 'command body hash');
  }
  if (!(expected === 'no_stream' || expected === 'exists' || (typeof expected === 'bigint' && expected >= 0n))) {
    throw new EventStoreArgumentError(`expected revision must be a revision >= 0, 'no_stream' or 'exists'`);
  }
  if (events.length === 0) throw new EventStoreArgumentError('append needs at least one event');
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new EventStoreArgumentError(`append takes at most ${MAX_EVENTS_PER_APPEND} events, got ${events.length}`);
  }
  const ids = new Set<string>();
  let total = 0;
  for (const event of events) {
    if (typeof event.id !== 'string' || event.id.length === 0) {
      throw new EventStoreArgumentError('every event needs an id');
    }
    assertStorableText(event.id, 'event id');
    assertStorableText(event.type, 'event type');
    if (ids.has(event.id)) throw new EventStoreArgumentError(`event id ${event.id} appears twice in one append`);
    ids.add(event.id);
    total += eventBytes(event);
  }
  return total;
}

/** NUL or an unpaired surrogate (which the driver would silently turn into U+FFFD). */
const UNSTORABLE_TEXT = /[\u0000\uD800-\uDFFF]/u;

/**
 * Text columns refuse NUL, and a lone surrogate would be stored as U+FFFD (the chain would no longer
 * verify). Checked here, not left to PostgreSQL, because the stream heads are read for the whole batch in
 * one statement, outside any append's savepoint: a bad name there would fail its batch-mates too.
 */
export function assertStorableText(value: string, what: string): void {
  if (typeof value !== 'string' || value.length === 0 || UNSTORABLE_TEXT.test(value)) {
    throw new EventStoreArgumentError(`${what} must be a non-empty string without NUL or unpaired surrogates`);
  }
}

export function eventBytes(event: NewEvent): number {
  const bytes =
    Buffer.byteLength(JSON.stringify(event.data), 'utf8') + Buffer.byteLength(JSON.stringify(event.metadata), 'utf8');
  if (bytes > MAX_EVENT_BYTES)
    throw new EventStoreArgumentError(`event ${event.id} is ${bytes} bytes; the limit is ${MAX_EVENT_BYTES}`);
  return bytes;
}

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new EventStoreArgumentError(`page limit must be an integer in 1..${MAX_PAGE_SIZE}, got ${limit}`);
  }
}

export function expectationHolds(expected: ExpectedRevision, actual: bigint): boolean {
  if (expected === 'no_stream') return actual === -1n;
  if (expected === 'exists') return actual >= 0n;
  return actual === expected;
}

