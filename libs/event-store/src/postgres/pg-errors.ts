import { DatabaseError } from 'pg';
import { EventStoreArgumentError, EventStoreUnavailableError } from '../errors';
import { isPortError } from './batch-planner';

/**
 * What one append may fail with without failing its batch: the port's own refusals, and PostgreSQL data
 * (class 22, e.g. \u0000 in jsonb) or constraint (class 23) errors, which a savepoint rollback contains.
 */
export function isAppendRefusal(error: unknown): boolean {
  if (isPortError(error)) return true;
  return (
    error instanceof DatabaseError && (error.code?.startsWith('22') === true || error.code?.startsWith('23') === true)
  );
}

/** Everything that is not the caller's fault is "the store failed": EventStoreUnavailableError, a 503. */
export function toStoreError(error: unknown): unknown {
  if (isPortError(error) || error instanceof EventStoreUnavailableError) return error;
  if (error instanceof DatabaseError && error.code?.startsWith('22')) {
    return new EventStoreArgumentError(`PostgreSQL refused the input: ${error.message}`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new EventStoreUnavailableError(`PostgreSQL event store unavailable: ${detail}`, { cause: error });
}
