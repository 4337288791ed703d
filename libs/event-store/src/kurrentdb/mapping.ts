/**
 * Pure translation between the event-store port and @kurrent/kurrentdb-client 1.3.x.
 *
 * Nothing here talks to a server, and the client is imported for its types only, so these functions are
 * unit-tested without loading the client's native bridge (@kurrent/bridge). The string constants below
 * mirror the client's exported constants; mapping.spec.ts checks them against the installed client so an
 * upgrade that changes them fails a test instead of a production append.
 *
 * Facts about the server this file relies on (checked in the KurrentDB sources, see the report):
 * - Every gRPC append writes each event as a self-committed prepare record (PrepareFlags.IsCommitted), so in
 *   $all an event's commit position equals its prepare position, which is its own log position: unique and
 *   strictly increasing. One bigint (the commit position) therefore identifies an event in the global log,
 *   and {commit: p, prepare: p} is a valid record boundary to start a read from.
 * - Reading $all forwards from a position is inclusive (the event at that position is returned); reading
 *   backwards from a position returns only records that end at or before it, i.e. events strictly before it.
 *   The port wants `after` and `before` exclusive, so the paging below asks for one event more than it needs
 *   and drops the boundary event itself in both directions, whatever the server does at the boundary.
 * - Stream reads report a position only for self-committed events (server >= 22.6); an unknown position is
 *   sent as 2^64-1.
 */
import type {
  AllStreamResolvedEvent,
  AppendStreamState,
  CurrentStreamState,
  EventData,
  ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import {
  MAX_EVENTS_PER_APPEND,
  MAX_EVENT_BYTES,
  type ChainLink,
  type ExpectedRevision,
  type JsonObject,
  type NewEvent,
  type RecordedEvent,
} from '../event-store.port';
import {
  DuplicateCommandError,
  DuplicateEventIdError,
  EventStoreArgumentError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../errors';
import {
  COMMAND_STREAM_PREFIX,
  KDB_NO_STREAM,
  KurrentDbDataError,
  UNKNOWN_POSITION,
} from './client-constants';
import { positionOf, type LogItem } from './log-reading';

// Split for size, one import path kept for the adapter and the spec.
export * from './client-constants';
export * from './log-reading';
export * from './command-records';

const MAX_STREAM_NAME_LENGTH = 512;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HASH_PATTERN = /^[0-9a-f]{64}$/;

// ---------------------------------------------------------------------------------------------------------
// Expected revision -> stream state
// ---------------------------------------------------------------------------------------------------------

/** What the adapter read of a stream before appending: the event the new batch will follow. */
export interface StreamBase {
  /** Revision of the event the batch follows; -1n for a new stream. */
  revision: bigint;
  /** That event's hash, or GENESIS_HASH for a new stream. */
  hash: string;
}

/**
 * The streamState sent with an append. Always exact, never ANY: the adapter reads the stream head to continue
 * the hash chain, and only an exact expectation guarantees that no other write slipped in between that read
 * and the append (the server then rejects ours, instead of storing events whose prevHash skips an event).
 *
 * 'exists' deliberately does not map to STREAM_EXISTS: STREAM_EXISTS accepts any current revision, so a
 * concurrent write between our read and our append would leave our first event at revision n+2 claiming the
 * hash of revision n as its predecessor, a broken chain that verifyAll reports forever. 'exists' is pinned to
 * the revision just read instead, and the adapter re-reads and retries when another writer got there first.
 */
export function appendStreamState(expected: ExpectedRevision, base: StreamBase): AppendStreamState {
  if (expected === 'no_stream') return KDB_NO_STREAM;
  if (expected === 'exists') {
    if (base.revision < 0n) throw new EventStoreArgumentError(`'exists' needs the revision read from the stream`);
    return base.revision;
  }
  assertRevision(expected, 'expected revision');
  return expected;
}

export function validateExpected(expected: ExpectedRevision): void {
  if (expected === 'no_stream' || expected === 'exists') return;
  assertRevision(expected, 'expected revision');
}

export function assertRevision(revision: bigint, what: string): void {
  if (typeof revision !== 'bigint' || revision < 0n || revision >= UNKNOWN_POSITION) {
    throw new EventStoreArgumentError(`${what} must be a bigint in 0..2^64-2, got ${String(revision)}`);
  }
}

/** The client reports a missing stream as 'no_stream' or (from some error paths) as a negative number. */
export function actualRevisionOf(current: CurrentStreamState | bigint | undefined): bigint {
  if (typeof current !== 'bigint' || current < 0n) return -1n;
  return current;
}

// ---------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------

interface ClientErrorShape {
  type?: unknown;
  code?: unknown;
  message?: unknown;
}

function errorShape(error: unknown): ClientErrorShape {
  return typeof error === 'object' && error !== null ? (error as ClientErrorShape) : {};
}

/** The client's CommandError subclasses carry a string `type` (ErrorType); matched by value, see the header. */
function clientErrorType(error: unknown): string | undefined {
  const type = errorShape(error).type;
  return typeof type === 'string' ? type : undefined;
}

export function isWrongExpectedVersion(error: unknown): error is Error & { actualState?: CurrentStreamState } {
  return clientErrorType(error) === 'wrong-expected-version';
}

export function isStreamNotFound(error: unknown): boolean {
  return clientErrorType(error) === 'stream-not-found';
}

/** The client's WrongExpectedVersionError, restated in the port's terms (actual -1n when there is no stream). */
export function toWrongExpectedRevision(
  stream: string,
  expected: ExpectedRevision,
  error: { actualState?: CurrentStreamState | bigint },
): WrongExpectedRevisionError {
  return new WrongExpectedRevisionError(stream, expected, actualRevisionOf(error.actualState));
}

/** gRPC status codes that mean "could not reach or use the server" (grpc-js `status`). */
const GRPC_UNAVAILABLE_CODES = new Set([
  1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 13 /* INTERNAL */, 14 /* UNAVAILABLE */,
]);
const ARGUMENT_ERROR_TYPES = new Set([
  'maximum-append-size-exceeded',
  'append-record-size-exceeded',
  'transaction-max-size-exceeded',
  'invalid-argument',
]);
/** Errors a resubscribe cannot cure: permissions, malformed requests, unsupported features. */
const PERMANENT_ERROR_TYPES = new Set([...ARGUMENT_ERROR_TYPES, 'access-denied', 'unsupported', 'not-found']);

const PORT_ERRORS = [
  WrongExpectedRevisionError,
  DuplicateEventIdError,
  DuplicateCommandError,
  EventStoreArgumentError,
  EventStoreUnavailableError,
  KurrentDbDataError,
] as const;

function isPortError(error: unknown): boolean {
  return PORT_ERRORS.some((kind) => error instanceof kind);
}

/**
 * Any other client failure, restated as a port error. Size limits become EventStoreArgumentError (the caller
 * sent too much); everything else is the store's problem, EventStoreUnavailableError (503), with the client
 * error kept as `cause`. Appends that fail in transport come back as plain grpc-js errors with a numeric
 * `code` (14 = UNAVAILABLE), reads through the bridge as UnavailableError; both land here.
 */
export function mapStoreError(error: unknown, operation: string): Error {
  if (isPortError(error)) return error as Error;
  const type = clientErrorType(error);
  const message = describeError(error);
  if (type !== undefined && ARGUMENT_ERROR_TYPES.has(type)) {
    return new EventStoreArgumentError(`KurrentDB refused ${operation}: ${message}`);
  }
  const code = errorShape(error).code;
  const unreachable =
    type === 'unavailable' ||
    type === 'deadline-exceeded' ||
    type === 'timeout' ||
    (typeof code === 'number' && GRPC_UNAVAILABLE_CODES.has(code));
  return new EventStoreUnavailableError(
    `KurrentDB ${unreachable ? 'unreachable' : 'failed'} during ${operation}: ${message}`,
    {
      cause: error,
    },
  );
}

export function isRetryableSubscriptionError(error: unknown): boolean {
  if (isPortError(error) && !(error instanceof EventStoreUnavailableError)) return false;
  const type = clientErrorType(error);
  return type === undefined || !PERMANENT_ERROR_TYPES.has(type);
}

/** The bridge's errors often carry only their class name as message ("UnavailableError"): add the type. */
export function describeError(error: unknown): string {
  const message = errorShape(error).message;
  const text = typeof message === 'string' && message.length > 0 ? message : String(error);
  const type = clientErrorType(error);
  return type !== undefined && !text.includes(type) ? `${text} (${type})` : text;
}


// ---------------------------------------------------------------------------------------------------------
// Events in and out
// ---------------------------------------------------------------------------------------------------------

export function validateStreamName(stream: string): void {
  if (typeof stream !== 'string' || stream.length === 0 || stream.length > MAX_STREAM_NAME_LENGTH) {
    throw new EventStoreArgumentError(`stream name must be 1..${MAX_STREAM_NAME_LENGTH} characters`);
  }
  if (stream.startsWith('$'))
    throw new EventStoreArgumentError(`stream ${stream}: $-prefixed streams belong to KurrentDB`);
  if (stream.startsWith(COMMAND_STREAM_PREFIX)) {
    throw new EventStoreArgumentError(
      `stream ${stream}: the prefix ${COMMAND_STREAM_PREFIX} is reserved for command records`,
    );
  }
}

/**
 * Checks an append before anything is read or written, and returns the events with lower-case ids.
 * KurrentDB stores event ids as 128-bit UUIDs and gives them back in lower case; the hash covers the id, so the
 * adapter hashes the form that will be read back, or verification would fail on an upper-case id.
 */
export function prepareAppend(stream: string, events: readonly NewEvent[]): NewEvent[] {
  validateStreamName(stream);
  if (!Array.isArray(events) || events.length === 0)
    throw new EventStoreArgumentError('append needs at least one event');
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new EventStoreArgumentError(`append takes at most ${MAX_EVENTS_PER_APPEND} events, got ${events.length}`);
  }
  const seen = new Set<string>();
  return events.map((event) => {
    if (typeof event.id !== 'string' || !UUID_PATTERN.test(event.id)) {
      throw new EventStoreArgumentError(`event id must be a UUID, got ${String(event.id)}`);
    }
    const id = event.id.toLowerCase();
    if (seen.has(id)) throw new EventStoreArgumentError(`event id ${id} appears twice in one append`);
    seen.add(id);
    if (typeof event.type !== 'string' || event.type.length === 0 || event.type.startsWith('$')) {
      throw new EventStoreArgumentError(`event ${id}: type must be a non-empty string not starting with $`);
    }
    if (!isJsonObject(event.data) || !isJsonObject(event.metadata)) {
      throw new EventStoreArgumentError(`event ${id}: data and metadata must be JSON objects`);
    }
    const bytes =
      Buffer.byteLength(JSON.stringify(event.data), 'utf8') + Buffer.byteLength(JSON.stringify(event.metadata), 'utf8');
    if (bytes > MAX_EVENT_BYTES)
      throw new EventStoreArgumentError(`event ${id} is ${bytes} bytes; the limit is ${MAX_EVENT_BYTES}`);
    return { ...event, id };
  });
}

export function toEventData(event: NewEvent & { metadata: JsonObject & ChainLink }): EventData {
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  };
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** The hash a stream's head carries, which the next event must name as its prevHash. */
export function chainHashOf(event: RecordedEvent): string {
  const hash = event.metadata['hash'];
  if (typeof hash !== 'string' || !HASH_PATTERN.test(hash)) {
    throw new KurrentDbDataError(
      `stream ${event.stream} revision ${event.revision}: the event carries no hash-chain link, so nothing can be appended after it without breaking the chain`,
    );
  }
  return hash;
}

/**
 * A read result in the port's shape, or undefined for a record without an event. Metadata that is missing or
 * not an object becomes {} on purpose: verifyStream/verifyAll then report the event as 'missing_link' instead
 * of the read failing. Data that is not a JSON object cannot be represented at all and throws.
 */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  const position = positionOf(event, resolved.commitPosition);
  if (!event.isJson || !isJsonObject(event.data)) {
    throw new KurrentDbDataError(
      `event ${event.id} in ${event.streamId} is not a JSON object; this store writes only JSON objects`,
    );
  }
  const metadata = isJsonObject(event.metadata) ? event.metadata : {};
  return {
    id: event.id,
    stream: event.streamId,
    revision: event.revision,
    position,
    type: event.type,
    data: event.data,
    // The chain link is checked by verifyStream/verifyAll, not here: a missing link must be reported, not thrown.
    metadata: metadata as JsonObject & ChainLink,
    recordedAt: event.created,
  };
}

/** Stream, type and position of a raw record, before deciding whether its payload is worth converting. */
export function describeRecord(
  resolved: ResolvedEvent | AllStreamResolvedEvent,
): Omit<LogItem<never>, 'value'> | undefined {
  const event = resolved.event;
  if (!event) {
    if (resolved.commitPosition === undefined) return undefined;
    return { position: resolved.commitPosition, stream: '', type: '' };
  }
  return { position: positionOf(event, resolved.commitPosition), stream: event.streamId, type: event.type };
}

// ---------------------------------------------------------------------------------------------------------
// Subscriptions
// ---------------------------------------------------------------------------------------------------------

export interface RetryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed (re)subscriptions before giving up and calling onError. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { initialDelayMs: 100, maxDelayMs: 5_000, maxAttempts: 10 };

/** Bounded exponential back-off: initial, 2x, 4x, ... capped at maxDelayMs. attempt counts from 1. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
}

/** A catch-up start may repeat the checkpoint event (inclusive start) or anything before it: skip those. */
export function isAfterCheckpoint(position: bigint, checkpoint: bigint | undefined): boolean {
  return checkpoint === undefined || position > checkpoint;
}
