/**
 * The error kinds every layer shares. Deciders raise them, the command pipeline raises the conflict and
 * availability ones, and only the HTTP filter turns them into problem+json (the CLI reports them as they
 * are). Recognised by `instanceof`, never by a name string.
 *
 * Kind -> HTTP status: validation 400, not_found 404, conflict 409, business_rule 422, unavailable 503.
 */
export type DomainErrorKind = 'validation' | 'not_found' | 'conflict' | 'business_rule' | 'unavailable';

export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable machine code: add, never rename (clients switch on it). */
    readonly code: string,
    message: string,
    /** The request field at fault, where one is. */
    readonly field?: string,
    /** Seconds a client should wait before retrying (unavailable errors). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The stream kept changing under a command: every bounded retry met a newer revision. Retry the same command. */
export class ConcurrencyConflictError extends DomainError {
  override readonly name = 'ConcurrencyConflictError';
  constructor(
    readonly stream: string,
    readonly attempts: number,
  ) {
    super(
      'conflict',
      'CONCURRENCY_CONFLICT',
      `stream ${stream} kept changing; gave up after ${attempts} attempts. Retry the same command.`,
    );
  }
}

/** A command id came back with another body: the first body's result stands (principle 3). */
export class IdempotencyKeyReusedError extends DomainError {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor(readonly commandId: string) {
    super(
      'conflict',
      'IDEMPOTENCY_KEY_REUSED',
      `command ${commandId} was already used with a different request body`,
      'commandId',
    );
  }
}

/** A bounded queue is full: nothing was done, and the same command may be retried after a short wait. */
export class BusyError extends DomainError {
  override readonly name = 'BusyError';
  constructor(
    readonly queue: string,
    readonly limit: number,
    retryAfterSeconds = 1,
  ) {
    super(
      'unavailable',
      'STORE_BUSY',
      `the ${queue} queue is full (${limit} waiting); retry shortly`,
      undefined,
      retryAfterSeconds,
    );
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
