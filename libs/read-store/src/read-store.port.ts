/**
 * The read-store port: durable read models in tables of the store's own database (SQLite or PostgreSQL).
 *
 * A projection declares its tables; the engine applies a page of the log to it in ONE transaction that
 * also moves its checkpoint, so a crash leaves it at a consistent checkpoint and a restart resumes from
 * there with no replay. Tables are either plain (one row per key, upserted) or versioned: every change
 * closes the current version (valid_to_position = position) and inserts a new one stamped with the
 * position, recorded time and business date from which it is valid, so "as of" is an indexed lookup.
 *
 * Positions and fen amounts are bigint in the process; decimal strings only at the edges.
 */
import type { RecordedEvent } from '@ledger/event-store';

/** 'fen': an integer amount (BIGINT / INTEGER, bigint in the process). 'text': everything else. */
export type ColumnKind = 'fen' | 'text';

export interface TableDefinition {
  /** Lower-case identifier, at most 20 characters, no double underscore. */
  readonly name: string;
  /** Key columns (text), in index order: `prefix` in list() is a leading part of them. */
  readonly key: readonly string[];
  readonly values: Readonly<Record<string, ColumnKind>>;
  /** Versioned tables keep every version (as-of reads); plain ones keep the latest row only. */
  readonly versioned: boolean;
}

export type KeyValue = Readonly<Record<string, string>>;
export type Value = bigint | string | null;
export type Values = Readonly<Record<string, Value>>;

/**
 * From when a version is valid. The engine stamps recordedAt and effectiveDate as running maxima along
 * the log (never decreasing with position), so an as-of-time read picks the same log prefix for every
 * key and a trial balance as of a time always balances.
 */
export interface Validity {
  readonly position: bigint;
  /** ISO-8601 UTC instant (toISOString form). */
  readonly recordedAt: string;
  /** YYYY-MM-DD. */
  readonly effectiveDate: string;
}

/**
 * position P: the version valid at P (valid_from <= P < valid_to).
 * recordedAt T / effectiveDate D: the version written by the last event of the longest log prefix whose
 * events are all recorded at or before T (dated on or before D). A back-dated event after that prefix is
 * not included: a projection that must answer by business date exactly keeps per-date rows (see pilot).
 */
export type AsOf = { readonly position: bigint } | { readonly recordedAt: string } | { readonly effectiveDate: string };

export interface VersionedRow {
  readonly key: KeyValue;
  readonly values: Values;
  readonly validFrom: Validity;
  /** null: the current version. */
  readonly validToPosition: bigint | null;
}

export interface PlainRow {
  readonly key: KeyValue;
  readonly values: Values;
}

export const MAX_LIST_LIMIT = 1000;

export interface ListOptions {
  /** Leading key columns, by equality (e.g. { fund_id: 'F1' } of key [fund_id, account]). */
  readonly prefix?: KeyValue;
  /** Versioned tables only. Absent: the current versions. */
  readonly asOf?: AsOf;
  /** 1..MAX_LIST_LIMIT */
  readonly limit: number;
  /** Keyset paging: the key of the last row of the previous page. */
  readonly after?: KeyValue;
}

/** What a projection's apply() gets: one transaction, already scoped to the projection's generation. */
export interface ReadTransaction {
  /** Validity of the event being applied (monotone stamps): the default of put(). */
  readonly validity: Validity;
  /** The current row (versioned: the current version), including this transaction's own writes. */
  get(table: string, key: KeyValue): Promise<Values | undefined>;
  /** Versioned tables: closes the current version and adds a new one valid from `validity.position`. */
  put(table: string, key: KeyValue, values: Values, validity?: Validity): Promise<void>;
  /** Plain tables: insert or replace the row. */
  upsert(table: string, key: KeyValue, values: Values): Promise<void>;
}

/**
 * A read model as a deterministic fold of the global log into its tables. apply() reads only the event
 * and its own tables (through tx), and must not throw for a valid event: a throw rolls the page back.
 */
export interface ReadModelProjection {
  /** Lower-case identifier, at most 20 characters, no double underscore. */
  readonly name: string;
  /** Bump when apply() changes meaning: the engine rebuilds the projection in shadow tables. */
  readonly version: number;
  readonly tables: readonly TableDefinition[];
  apply(tx: ReadTransaction, event: RecordedEvent): Promise<void> | void;
}

/** Which physical tables: one projection's tables of one generation. */
export interface TableRef {
  readonly projection: string;
  readonly generation: number;
  readonly table: TableDefinition;
}

export interface ProjectionRecord {
  readonly projection: string;
  readonly version: number;
  readonly activeGeneration: number;
  readonly shadowGeneration: number | null;
  readonly shadowVersion: number | null;
}

export interface Checkpoint {
  readonly projection: string;
  readonly generation: number;
  /** Last position applied, -1n before the first. */
  readonly position: bigint;
  /** Running maxima of the stamps up to position ('' before the first event). */
  readonly recordedAtMark: string;
  readonly effectiveDateMark: string;
}

/** A version to insert, with its end already known when a later version of the same page follows it. */
export interface VersionInsert {
  readonly key: KeyValue;
  readonly values: Values;
  readonly validity: Validity;
  readonly validToPosition: bigint | null;
}

export interface CurrentVersion {
  readonly values: Values;
  readonly validFromPosition: bigint;
}

/** The adapter's side of one transaction (the engine wraps it into a ReadTransaction). */
export interface StoreTransaction {
  /** Compare-and-set: false (and nothing written) when another applier moved the checkpoint first. */
  advanceCheckpoint(from: Checkpoint, to: Checkpoint): Promise<boolean>;
  currentVersion(ref: TableRef, key: KeyValue): Promise<CurrentVersion | undefined>;
  plainRow(ref: TableRef, key: KeyValue): Promise<Values | undefined>;
  /** Closes the listed current versions at the given positions, then inserts the new versions. */
  writeVersions(
    ref: TableRef,
    closes: ReadonlyArray<{ key: KeyValue; position: bigint }>,
    inserts: readonly VersionInsert[],
  ): Promise<void>;
  upsertPlain(ref: TableRef, rows: readonly PlainRow[]): Promise<void>;
}

/** One instance projects at a time (PostgreSQL: a session advisory lock; SQLite: always held). */
export interface Lease {
  /** True when this instance holds the lease now (takes it if free). */
  tryAcquire(): Promise<boolean>;
  readonly held: boolean;
  /** Called once when a held lease is lost (its connection died). */
  onLost(listener: () => void): void;
  release(): Promise<void>;
}

export type ReadStoreDialect = 'sqlite' | 'postgres';

export interface ReadStore {
  readonly dialect: ReadStoreDialect;
  /** Creates the registry and checkpoint tables if missing. */
  init(): Promise<void>;
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  createTables(refs: readonly TableRef[]): Promise<void>;
  dropTables(refs: readonly TableRef[]): Promise<void>;

  projections(): Promise<ProjectionRecord[]>;
  projection(name: string): Promise<ProjectionRecord | undefined>;
  checkpoints(projection?: string): Promise<Checkpoint[]>;
  /** Inserts the record and the checkpoint of its active generation if the projection is new. */
  register(record: ProjectionRecord): Promise<void>;
  /** Starts a shadow generation (its checkpoint at -1) unless one is already registered. */
  beginShadow(projection: string, generation: number, version: number): Promise<void>;
  /** Atomically: the shadow becomes active, the old generation's checkpoint goes. False if no such shadow. */
  swapShadow(projection: string, shadowGeneration: number): Promise<boolean>;
  /** Forgets a shadow generation (its tables are dropped separately). */
  abandonShadow(projection: string, shadowGeneration: number): Promise<void>;

  current(ref: TableRef, key: KeyValue): Promise<VersionedRow | PlainRow | undefined>;
  asOf(ref: TableRef, key: KeyValue, at: AsOf): Promise<VersionedRow | undefined>;
  list(ref: TableRef, options: ListOptions): Promise<Array<VersionedRow | PlainRow>>;
  /** The versions of one key, oldest first, from fromPosition on (auditing, tests). */
  versions(ref: TableRef, key: KeyValue, options: { fromPosition?: bigint; limit: number }): Promise<VersionedRow[]>;

  /** True for "this table does not exist" (a reader raced a swap and must re-resolve the generation). */
  isMissingTable(error: unknown): boolean;
  lease(): Lease;
  close(): Promise<void>;
}
