import {
  MAX_LIST_LIMIT,
  type AsOf,
  type Checkpoint,
  type CurrentVersion,
  type KeyValue,
  type Lease,
  type ListOptions,
  type PlainRow,
  type ProjectionRecord,
  type ReadStore,
  type ReadStoreDialect,
  type StoreTransaction,
  type TableRef,
  type Values,
  type VersionedRow,
  type VersionInsert,
} from '../read-store.port';
import { toBigInt, type Executor, type SqlConnection, type SqlRow } from './executor';
import { registryDdl, registrySql, toCheckpoint, toProjectionRecord } from './registry-sql';
import {
  asOfSql,
  closeSql,
  columnsPerRow,
  currentSql,
  dropSql,
  insertVersionsSql,
  listSql,
  tableDdl,
  upsertSql,
  versionsSql,
} from './table-sql';

export class ReadStoreArgumentError extends Error {
  override readonly name = 'ReadStoreArgumentError';
}

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new ReadStoreArgumentError(`limit must be 1..${MAX_LIST_LIMIT}`);
  }
}

function decodeValues(ref: TableRef, row: SqlRow): Values {
  const values: Record<string, bigint | string | null> = {};
  for (const [column, kind] of Object.entries(ref.table.values)) {
    const raw = row[column];
    values[column] = raw === null || raw === undefined ? null : kind === 'fen' ? toBigInt(raw, column) : String(raw);
  }
  return values;
}

function decodeKey(ref: TableRef, row: SqlRow): KeyValue {
  const key: Record<string, string> = {};
  for (const column of ref.table.key) key[column] = String(row[column]);
  return key;
}

export function decodeRow(ref: TableRef, row: SqlRow): VersionedRow | PlainRow {
  const plain = { key: decodeKey(ref, row), values: decodeValues(ref, row) };
  if (!ref.table.versioned) return plain;
  const validTo = row['valid_to'];
  return {
    ...plain,
    validFrom: {
      position: toBigInt(row['valid_from'], 'valid_from'),
      recordedAt: String(row['recorded_at']),
      effectiveDate: String(row['effective_date']),
    },
    validToPosition: validTo === null || validTo === undefined ? null : toBigInt(validTo, 'valid_to'),
  };
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** The adapter's side of one transaction: statements on the transaction's connection. */
class SqlStoreTransaction implements StoreTransaction {
  constructor(
    private readonly connection: SqlConnection,
    private readonly executor: Executor,
  ) {}

  async advanceCheckpoint(from: Checkpoint, to: Checkpoint): Promise<boolean> {
    return (await this.executor.run(registrySql.advance(this.connection.dialect, from, to))) === 1;
  }

  async currentVersion(ref: TableRef, key: KeyValue): Promise<CurrentVersion | undefined> {
    const [row] = await this.executor.all(currentSql(this.connection.dialect, ref, key));
    if (!row) return undefined;
    return { values: decodeValues(ref, row), validFromPosition: toBigInt(row['valid_from'], 'valid_from') };
  }

  async plainRow(ref: TableRef, key: KeyValue): Promise<Values | undefined> {
    const [row] = await this.executor.all(currentSql(this.connection.dialect, ref, key));
    return row ? decodeValues(ref, row) : undefined;
  }

  async writeVersions(
    ref: TableRef,
    closes: ReadonlyArray<{ key: KeyValue; position: bigint }>,
    inserts: readonly VersionInsert[],
  ): Promise<void> {
    // Close first: the partial unique index allows one open version per key at any moment.
    for (const close of closes)
      await this.executor.run(closeSql(this.connection.dialect, ref, close.key, close.position));
    for (const rows of chunks(inserts, this.rowsPerStatement(ref))) {
      await this.executor.run(insertVersionsSql(this.connection.dialect, ref, rows));
    }
  }

  private rowsPerStatement(ref: TableRef): number {
    const byParams = Math.floor(this.connection.maxParams / columnsPerRow(ref.table));
    return Math.max(1, Math.min(this.connection.maxRowsPerStatement, byParams));
  }

  async upsertPlain(ref: TableRef, rows: readonly PlainRow[]): Promise<void> {
    for (const chunk of chunks(rows, this.rowsPerStatement(ref)))
      await this.executor.run(upsertSql(this.connection.dialect, ref, chunk));
  }
}

/** The ReadStore port over any SqlConnection (the SQLite and PostgreSQL adapters). */
export class SqlReadStore implements ReadStore {
  readonly dialect: ReadStoreDialect;

  constructor(private readonly connection: SqlConnection) {
    this.dialect = connection.kind;
  }

  async init(): Promise<void> {
    await this.ddl(registryDdl(this.connection.dialect));
  }

  private async ddl(statements: readonly string[]): Promise<void> {
    const prelude = this.connection.ddlPrelude;
    await this.connection.transaction(async (executor) => {
      if (prelude) await executor.all(prelude);
      for (const sql of statements) await executor.run({ sql, params: [] });
    });
  }

  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.connection.transaction((executor) => work(new SqlStoreTransaction(this.connection, executor)));
  }

  async createTables(refs: readonly TableRef[]): Promise<void> {
    await this.ddl(refs.flatMap((ref) => tableDdl(this.connection.dialect, ref)));
  }

  async dropTables(refs: readonly TableRef[]): Promise<void> {
    await this.ddl(refs.map((ref) => dropSql(this.connection.dialect, ref)));
  }

  async projections(): Promise<ProjectionRecord[]> {
    return (await this.connection.reader().all(registrySql.projections(this.connection.dialect))).map(
      toProjectionRecord,
    );
  }

  async projection(name: string): Promise<ProjectionRecord | undefined> {
    const [row] = await this.connection.reader().all(registrySql.projections(this.connection.dialect, name));
    return row ? toProjectionRecord(row) : undefined;
  }

  async checkpoints(projection?: string): Promise<Checkpoint[]> {
    return (await this.connection.reader().all(registrySql.checkpoints(this.connection.dialect, projection))).map(
      toCheckpoint,
    );
  }

  async register(record: ProjectionRecord): Promise<void> {
    const d = this.connection.dialect;
    await this.connection.transaction(async (executor) => {
      if ((await executor.run(registrySql.insertProjection(d, record))) === 1) {
        await executor.run(registrySql.insertCheckpoint(d, record.projection, record.activeGeneration));
      }
    });
  }

  async beginShadow(projection: string, generation: number, version: number): Promise<void> {
    const d = this.connection.dialect;
    await this.connection.transaction(async (executor) => {
      if ((await executor.run(registrySql.beginShadow(d, projection, generation, version))) === 1) {
        await executor.run(registrySql.insertCheckpoint(d, projection, generation));
      }
    });
  }

  async swapShadow(projection: string, shadowGeneration: number): Promise<boolean> {
    const d = this.connection.dialect;
    return this.connection.transaction(async (executor) => {
      const [before] = await executor.all(registrySql.projections(d, projection));
      if (!before) return false;
      const old = toProjectionRecord(before).activeGeneration;
      if ((await executor.run(registrySql.swap(d, projection, shadowGeneration))) !== 1) return false;
      await executor.run(registrySql.deleteCheckpoint(d, projection, old));
      return true;
    });
  }

  async abandonShadow(projection: string, shadowGeneration: number): Promise<void> {
    const d = this.connection.dialect;
    await this.connection.transaction(async (executor) => {
      await executor.run(registrySql.abandon(d, projection, shadowGeneration));
      await executor.run(registrySql.deleteCheckpoint(d, projection, shadowGeneration));
    });
  }

  async current(ref: TableRef, key: KeyValue): Promise<VersionedRow | PlainRow | undefined> {
    const [row] = await this.connection.reader().all(currentSql(this.connection.dialect, ref, key));
    return row ? decodeRow(ref, row) : undefined;
  }

  async asOf(ref: TableRef, key: KeyValue, at: AsOf): Promise<VersionedRow | undefined> {
    if (!ref.table.versioned) throw new ReadStoreArgumentError(`table ${ref.table.name} is not versioned`);
    const [row] = await this.connection.reader().all(asOfSql(this.connection.dialect, ref, key, normalizeAsOf(at)));
    if (!row) return undefined;
    const version = decodeRow(ref, row) as VersionedRow;
    // A version closed at or before P is not valid at P (only reachable after a delete, kept for safety).
    if ('position' in at && version.validToPosition !== null && version.validToPosition <= at.position)
      return undefined;
    return version;
  }

  async list(ref: TableRef, options: ListOptions): Promise<Array<VersionedRow | PlainRow>> {
    checkLimit(options.limit);
    if (options.asOf && !ref.table.versioned)
      throw new ReadStoreArgumentError(`table ${ref.table.name} is not versioned`);
    const normalized = options.asOf ? { ...options, asOf: normalizeAsOf(options.asOf) } : options;
    const rows = await this.connection.reader().all(listSql(this.connection.dialect, ref, normalized));
    return rows.map((row) => decodeRow(ref, row));
  }

  async versions(
    ref: TableRef,
    key: KeyValue,
    options: { fromPosition?: bigint; limit: number },
  ): Promise<VersionedRow[]> {
    checkLimit(options.limit);
    if (!ref.table.versioned) throw new ReadStoreArgumentError(`table ${ref.table.name} is not versioned`);
    const sql = versionsSql(this.connection.dialect, ref, key, options.fromPosition ?? 0n, options.limit);
    return (await this.connection.reader().all(sql)).map((row) => decodeRow(ref, row) as VersionedRow);
  }

  isMissingTable(error: unknown): boolean {
    return this.connection.isMissingTable(error);
  }

  lease(): Lease {
    return this.connection.lease();
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** Instants compare as toISOString() text (the stamps' form); a bad instant or date is refused. */
export function normalizeAsOf(at: AsOf): AsOf {
  if ('position' in at) return at;
  if ('recordedAt' in at) {
    const instant = new Date(at.recordedAt);
    if (Number.isNaN(instant.getTime()))
      throw new ReadStoreArgumentError(`asOf.recordedAt ${at.recordedAt} is not an instant`);
    return { recordedAt: instant.toISOString() };
  }
  if (!DATE.test(at.effectiveDate))
    throw new ReadStoreArgumentError(`asOf.effectiveDate ${at.effectiveDate} is not YYYY-MM-DD`);
  return at;
}
