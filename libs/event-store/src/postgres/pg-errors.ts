import { DatabaseError } from 'pg';
import { EventStoreArgumentError, EventStoreUnavailableError } from '../errors';
import { EventStoreFaultError, type StoreFaultCode } from '../store-faults';
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
  const fault = pgFaultCode(error);
  if (fault) return new EventStoreFaultError(fault, `PostgreSQL: ${detail}`, { cause: error });
  return new EventStoreUnavailableError(`PostgreSQL event store unavailable: ${detail}`, { cause: error });
}

/** SQLSTATEs of a cancelled wait, and of a server that ran out of room. */
const TIMEOUT_STATES = new Set(['57014', '25P03', '55P03']); // query_canceled, idle_in_transaction_timeout, lock_not_available
const DISK_FULL_STATES = new Set(['53100']); // disk_full

/**
 * Which fault a failure of PostgreSQL or of the connection is: a cancelled statement or a client-side
 * read timeout is STORE_TIMEOUT; a dropped or terminated connection STORE_CONNECTION_LOST; a full
 * tablespace STORE_DISK_FULL; a read-only server (a standby) STORE_READ_ONLY.
 */
export function pgFaultCode(error: unknown): StoreFaultCode | undefined {
  if (error instanceof DatabaseError) {
    const state = error.code ?? '';
    if (TIMEOUT_STATES.has(state)) return 'STORE_TIMEOUT';
    if (DISK_FULL_STATES.has(state)) return 'STORE_DISK_FULL';
    if (state === '25006') return 'STORE_READ_ONLY'; // read_only_sql_transaction
    if (state.startsWith('08') || state.startsWith('57P')) return 'STORE_CONNECTION_LOST'; // connection, shutdown
    return undefined;
  }
  // Duck-typed: socket errors come from Node's own realm, where `instanceof Error` may not hold (jest).
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
  if (typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|EHOSTUNREACH|ENETUNREACH)$/.test(code)) return 'STORE_CONNECTION_LOST';
  if (code === 'ETIMEDOUT') return 'STORE_TIMEOUT';
  if (typeof message !== 'string') return undefined;
  if (/timeout/i.test(message)) return 'STORE_TIMEOUT'; // pg: 'Query read timeout', 'timeout exceeded when trying to connect'
  if (/Connection terminated|connection (?:is )?(?:closed|ended)|not queryable/i.test(message)) return 'STORE_CONNECTION_LOST';
  return undefined;
}

/** The server answered (an SQL error): the connection itself is sound and can still roll back. */
export function serverAnswered(error: unknown): boolean {
  return error instanceof DatabaseError;
}
