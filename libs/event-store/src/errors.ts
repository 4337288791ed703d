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
  override readonly name = 'EventStoreArgumentError';
}

/** The store cannot be reached or failed; nothing the caller did wrong. Maps to 503. */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function describeExpected(expected: ExpectedRevision): string {
  return typeof expected === 'bigint' ? expected.toString() : expected;
}
