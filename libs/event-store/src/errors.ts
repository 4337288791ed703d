import type { ExpectedRevision } from './event-store.port';

/** The stream is not at the revision the caller expected. Retry by re-reading and re-deciding. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** -1n when the stream does not exist. */
    readonly actual: bigint,
  ) {
    super(
      `stream ${stream}: expected revision ${describeExpected(expected)}, actual ${actual < 0n ? 'no stream' : actual.toString()}`,
    );
  }
}

/** An event id that is already stored, in another stream or at another revision. */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already stored elsewhere`);
  }
}

/** The command id was already recorded for another append. Look it up with findCommand. */
export class DuplicateCommandError extends Error {
  override readonly name = 'DuplicateCommandError';
  constructor(readonly commandId: string) {
    super(`command ${commandId} was already appended`);
  }
}

/** The caller broke a limit of the port (page size, batch size, event size) or passed malformed input. */
export class EventStoreArgumentError extends Error {
  override readonly name: string = 'EventStoreArgumentError';
}

/** The store cannot be reached or failed; nothing the caller did wrong. Maps to 503. */
export class EventStoreUnavailableError extends Error {
  override readonly name: string = 'EventStoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The store's append queue is full (maxPendingAppends): nothing was appended, and the same append may be
 * retried after `retryAfterSeconds`. A kind of EventStoreUnavailableError, so code that knows only that
 * still answers 503; the HTTP filter maps this one to 503 STORE_BUSY with Retry-After.
 */
export class EventStoreBusyError extends EventStoreUnavailableError {
  override readonly name = 'EventStoreBusyError';
  constructor(
    /** Which queue: e.g. 'sqlite-append', 'postgres-append'. */
    readonly queue: string,
    /** The bound that was reached. */
    readonly limit: number,
    readonly retryAfterSeconds = 1,
  ) {
    super(`the event store's ${queue} queue is full (${limit} pending appends); retry shortly`);
  }
}

/** The store cannot do this at all (e.g. importRecorded on KurrentDB, which assigns positions itself). */
export class EventStoreUnsupportedError extends Error {
  override readonly name = 'EventStoreUnsupportedError';
}

export type ImportRefusalReason = 'position_not_increasing' | 'revision_gap';

/** Where an import was refused: the first event that could not be imported as recorded. */
export interface ImportRefusalAt {
  stream: string;
  revision: bigint;
  position: bigint;
  eventId: string;
}

/** importRecorded refused an event (positions must strictly increase, revisions continue); nothing was imported. */
export class EventImportRefusedError extends EventStoreArgumentError {
  override readonly name = 'EventImportRefusedError';
  constructor(
    readonly reason: ImportRefusalReason,
    readonly at: ImportRefusalAt,
    readonly detail: string,
  ) {
    super(`import refused at ${at.stream} revision ${at.revision} (position ${at.position}, event ${at.eventId}): ${detail}`);
  }
}

export function describeExpected(expected: ExpectedRevision): string {
  return typeof expected === 'bigint' ? expected.toString() : expected;
}
