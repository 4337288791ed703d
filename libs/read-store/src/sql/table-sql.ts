import { physicalName, quote } from '../identifiers';
import type {
  AsOf,
  KeyValue,
  ListOptions,
  PlainRow,
  TableDefinition,
  TableRef,
  VersionInsert,
} from '../read-store.port';

/**
 * The SQL of one projection table, shared by both dialects: SQLite (3.24+) and PostgreSQL agree on
 * everything used here (partial indexes, row-value comparisons, ON CONFLICT ... DO UPDATE, BIGINT). Only
 * placeholders and schema qualification differ, and they come from the Dialect.
 */
export interface Dialect {
  /** '?' for SQLite, '$n' for PostgreSQL. */
  placeholder(index: number): string;
  /** The table's name as used in statements (schema-qualified on PostgreSQL). */
  qualify(name: string): string;
}

export type Param = bigint | string | number | null;

export interface Statement {
  readonly sql: string;
  readonly params: Param[];
}

/** Placeholders in textual order: add a value where its placeholder goes. */
class Builder {
  readonly params: Param[] = [];
  constructor(private readonly dialect: Dialect) {}
  add(value: Param): string {
    this.params.push(value);
    return this.dialect.placeholder(this.params.length);
  }
  done(sql: string): Statement {
    return { sql, params: this.params };
  }
}

const cols = (names: readonly string[], alias = ''): string => names.map((n) => `${alias}${quote(n)}`).join(', ');
const valueColumns = (table: TableDefinition): string[] => Object.keys(table.values);
const VERSION_SELECT = '"valid_from", "valid_to", "recorded_at", "effective_date"';

export function selectColumns(table: TableDefinition, alias = ''): string {
  const base = cols([...table.key, ...valueColumns(table)], alias);
  if (!table.versioned) return base;
  return `${base}, ${VERSION_SELECT.split(', ')
    .map((c) => `${alias}${c}`)
    .join(', ')}`;
}

export function tableDdl(dialect: Dialect, ref: TableRef): string[] {
  const name = physicalName(ref);
  const table = dialect.qualify(name);
  const { key } = ref.table;
  const values = Object.entries(ref.table.values).map(
    ([c, kind]) => `${quote(c)} ${kind === 'fen' ? 'BIGINT' : 'TEXT'}`,
  );
  const keyColumns = key.map((c) => `${quote(c)} TEXT NOT NULL`);
  if (!ref.table.versioned) {
    return [
      `CREATE TABLE IF NOT EXISTS ${table} (${[...keyColumns, ...values].join(', ')}, PRIMARY KEY (${cols(key)}))`,
    ];
  }
  const versionColumns = [
    '"valid_from" BIGINT NOT NULL',
    '"valid_to" BIGINT',
    '"recorded_at" TEXT NOT NULL',
    '"effective_date" TEXT NOT NULL',
  ];
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (${[...keyColumns, ...values, ...versionColumns].join(', ')}, ` +
      `PRIMARY KEY (${cols(key)}, "valid_from"))`,
    // One current version per key: current reads and paged scans of the current versions.
    `CREATE UNIQUE INDEX IF NOT EXISTS ${quote(`${name}_cur`)} ON ${table} (${cols(key)}) WHERE "valid_to" IS NULL`,
    // As of a recorded time / a business date: the stamps are monotone in position, so the last version at
    // or before the instant is the first entry of a backwards index scan.
    `CREATE INDEX IF NOT EXISTS ${quote(`${name}_rec`)} ON ${table} (${cols(key)}, "recorded_at", "valid_from")`,
    `CREATE INDEX IF NOT EXISTS ${quote(`${name}_eff`)} ON ${table} (${cols(key)}, "effective_date", "valid_from")`,
  ];
}

export function dropSql(dialect: Dialect, ref: TableRef): string {
  return `DROP TABLE IF EXISTS ${dialect.qualify(physicalName(ref))}`;
}

function keyEquals(b: Builder, table: TableDefinition, key: KeyValue, alias = ''): string {
  return table.key.map((c) => `${alias}${quote(c)} = ${b.add(keyPart(table, key, c))}`).join(' AND ');
}

function keyPart(table: TableDefinition, key: KeyValue, column: string): string {
  const value = key[column];
  if (typeof value !== 'string') throw new TypeError(`table ${table.name}: key column ${column} missing`);
  return value;
}

export function currentSql(dialect: Dialect, ref: TableRef, key: KeyValue): Statement {
  const b = new Builder(dialect);
  const where = keyEquals(b, ref.table, key);
  const current = ref.table.versioned ? ' AND "valid_to" IS NULL' : '';
  return b.done(
    `SELECT ${selectColumns(ref.table)} FROM ${dialect.qualify(physicalName(ref))} WHERE ${where}${current}`,
  );
}

/** The condition and order that pick the version as of `at` among the rows of one key (alias s). */
function asOfPick(b: Builder, at: AsOf, alias: string): { where: string; order: string } {
  if ('position' in at)
    return { where: `${alias}"valid_from" <= ${b.add(at.position)}`, order: `${alias}"valid_from" DESC` };
  const column = 'recordedAt' in at ? '"recorded_at"' : '"effective_date"';
  const value = 'recordedAt' in at ? at.recordedAt : at.effectiveDate;
  return {
    where: `${alias}${column} <= ${b.add(value)}`,
    order: `${alias}${column} DESC, ${alias}"valid_from" DESC`,
  };
}

export function asOfSql(dialect: Dialect, ref: TableRef, key: KeyValue, at: AsOf): Statement {
  const b = new Builder(dialect);
  const where = keyEquals(b, ref.table, key);
  const pick = asOfPick(b, at, '');
  const table = dialect.qualify(physicalName(ref));
  return b.done(
    `SELECT ${selectColumns(ref.table)} FROM ${table} WHERE ${where} AND ${pick.where} ORDER BY ${pick.order} LIMIT 1`,
  );
}

function pageConditions(b: Builder, ref: TableRef, options: ListOptions, alias: string): string[] {
  const { table } = ref;
  const conditions: string[] = [];
  const prefix = Object.keys(options.prefix ?? {});
  prefix.forEach((column, index) => {
    if (table.key[index] !== column) throw new TypeError(`table ${table.name}: prefix must be leading key columns`);
    conditions.push(`${alias}${quote(column)} = ${b.add(keyPart(table, options.prefix ?? {}, column))}`);
  });
  if (options.after) {
    const after = options.after;
    const placeholders = table.key.map((c) => b.add(keyPart(table, after, c))).join(', ');
    conditions.push(`(${cols(table.key, alias)}) > (${placeholders})`);
  }
  return conditions;
}

/**
 * A page of keys in key order, each with its version as of `at`: the keys come from the current versions
 * (the partial index), and each key's version is one index seek, so the cost is O(page x log versions)
 * however long a hot key's history is.
 */
export function listSql(dialect: Dialect, ref: TableRef, options: ListOptions): Statement {
  const b = new Builder(dialect);
  const table = dialect.qualify(physicalName(ref));
  const { key } = ref.table;
  const order = cols(key, 'c.');
  if (!ref.table.versioned || !options.asOf) {
    const conditions = pageConditions(b, ref, options, 'c.');
    if (ref.table.versioned) conditions.unshift('c."valid_to" IS NULL');
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    return b.done(
      `SELECT ${selectColumns(ref.table, 'c.')} FROM ${table} c${where} ORDER BY ${order} LIMIT ${b.add(options.limit)}`,
    );
  }
  const at = options.asOf;
  const join = key.map((c) => `v.${quote(c)} = c.${quote(c)}`).join(' AND ');
  const same = key.map((c) => `s.${quote(c)} = c.${quote(c)}`).join(' AND ');
  const pick = asOfPick(b, at, 's.');
  const alive = 'position' in at ? ` AND (v."valid_to" IS NULL OR v."valid_to" > ${b.add(at.position)})` : '';
  const conditions = ['c."valid_to" IS NULL', ...pageConditions(b, ref, options, 'c.')];
  return b.done(
    `SELECT ${selectColumns(ref.table, 'v.')} FROM ${table} c JOIN ${table} v ON ${join} AND v."valid_from" = ` +
      `(SELECT s."valid_from" FROM ${table} s WHERE ${same} AND ${pick.where} ORDER BY ${pick.order} LIMIT 1)${alive} ` +
      `WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ${b.add(options.limit)}`,
  );
}

export function versionsSql(
  dialect: Dialect,
  ref: TableRef,
  key: KeyValue,
  fromPosition: bigint,
  limit: number,
): Statement {
  const b = new Builder(dialect);
  const where = keyEquals(b, ref.table, key);
  const table = dialect.qualify(physicalName(ref));
  return b.done(
    `SELECT ${selectColumns(ref.table)} FROM ${table} WHERE ${where} AND "valid_from" >= ${b.add(fromPosition)} ` +
      `ORDER BY "valid_from" LIMIT ${b.add(limit)}`,
  );
}

export function closeSql(dialect: Dialect, ref: TableRef, key: KeyValue, position: bigint): Statement {
  const b = new Builder(dialect);
  const set = `"valid_to" = ${b.add(position)}`;
  const where = keyEquals(b, ref.table, key);
  return b.done(`UPDATE ${dialect.qualify(physicalName(ref))} SET ${set} WHERE ${where} AND "valid_to" IS NULL`);
}

/** One multi-row INSERT of new versions (the caller keeps rows x columns under the dialect's limit). */
export function insertVersionsSql(dialect: Dialect, ref: TableRef, rows: readonly VersionInsert[]): Statement {
  const b = new Builder(dialect);
  const { table } = ref;
  const names = [...table.key, ...valueColumns(table)];
  const tuples = rows.map((row) => {
    const parts = [
      ...table.key.map((c) => b.add(keyPart(table, row.key, c))),
      ...valueColumns(table).map((c) => b.add(row.values[c] ?? null)),
      b.add(row.validity.position),
      b.add(row.validToPosition),
      b.add(row.validity.recordedAt),
      b.add(row.validity.effectiveDate),
    ];
    return `(${parts.join(', ')})`;
  });
  return b.done(
    `INSERT INTO ${dialect.qualify(physicalName(ref))} (${cols(names)}, ${VERSION_SELECT}) VALUES ${tuples.join(', ')}`,
  );
}

/** Rows must have distinct keys (PostgreSQL refuses to update one row twice in one statement). */
export function upsertSql(dialect: Dialect, ref: TableRef, rows: readonly PlainRow[]): Statement {
  const b = new Builder(dialect);
  const { table } = ref;
  const values = valueColumns(table);
  const tuples = rows.map((row) => {
    const parts = [
      ...table.key.map((c) => b.add(keyPart(table, row.key, c))),
      ...values.map((c) => b.add(row.values[c] ?? null)),
    ];
    return `(${parts.join(', ')})`;
  });
  const update =
    values.length > 0
      ? `DO UPDATE SET ${values.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}`
      : 'DO NOTHING';
  return b.done(
    `INSERT INTO ${dialect.qualify(physicalName(ref))} (${cols([...table.key, ...values])}) VALUES ${tuples.join(', ')} ` +
      `ON CONFLICT (${cols(table.key)}) ${update}`,
  );
}

/** Columns per row of a multi-row statement (for chunking under a parameter limit). */
export function columnsPerRow(table: TableDefinition): number {
  return table.key.length + valueColumns(table).length + (table.versioned ? 4 : 0);
}
