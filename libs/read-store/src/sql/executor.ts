import type { Lease, ReadStoreDialect } from '../read-store.port';
import type { Dialect, Statement } from './table-sql';

export type SqlRow = Record<string, unknown>;

/** Runs statements on one connection (or, outside a transaction, on whichever the adapter picks). */
export interface Executor {
  all(statement: Statement): Promise<SqlRow[]>;
  /** The number of rows changed. */
  run(statement: Statement): Promise<number>;
}

/** What an adapter provides; SqlReadStore builds the whole ReadStore port on top of it. */
export interface SqlConnection {
  readonly kind: ReadStoreDialect;
  readonly dialect: Dialect;
  /** Most parameters in one statement (multi-row writes are chunked under it). */
  readonly maxParams: number;
  /** Most rows in one multi-row write: SQLite runs one cached statement per row, cheaper than new SQL per page. */
  readonly maxRowsPerStatement: number;
  /** Run first in every DDL transaction (PostgreSQL: a lock, so instances starting together do not race). */
  readonly ddlPrelude?: Statement;
  reader(): Executor;
  transaction<T>(work: (executor: Executor) => Promise<T>): Promise<T>;
  isMissingTable(error: unknown): boolean;
  lease(): Lease;
  close(): Promise<void>;
}

export function toBigInt(value: unknown, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string' && /^-?[0-9]+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new TypeError(`${what}: not an integer (${typeof value})`);
}

export function toNumber(value: unknown, what: string): number {
  const n = typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new TypeError(`${what}: not a safe integer`);
  return n;
}
