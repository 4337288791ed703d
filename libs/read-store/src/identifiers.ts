import type { ReadModelProjection, TableDefinition, TableRef } from './read-store.port';

/**
 * Names become SQL identifiers, so they are checked, never escaped: lower-case words joined by single
 * underscores. The physical name `rm_<projection>__<table>__g<generation>` cannot collide across
 * projections (no name holds a double underscore) and stays under PostgreSQL's 63-byte limit even with
 * an index suffix (PostgreSQL would silently truncate a longer one and two tables could then clash).
 */
const NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 20;
const MAX_COLUMN_LENGTH = 40;
const MAX_GENERATION = 999_999;
export const VERSION_COLUMNS = ['valid_from', 'valid_to', 'recorded_at', 'effective_date'] as const;
const RESERVED = new Set<string>(VERSION_COLUMNS);

export class ReadStoreDefinitionError extends Error {
  override readonly name = 'ReadStoreDefinitionError';
}

export function assertName(kind: string, name: string): void {
  if (!NAME.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new ReadStoreDefinitionError(
      `${kind} name "${name}" must be lower-case words joined by single underscores, at most ${MAX_NAME_LENGTH} characters`,
    );
  }
}

function assertColumn(table: string, column: string): void {
  if (!NAME.test(column) || column.length > MAX_COLUMN_LENGTH || RESERVED.has(column)) {
    throw new ReadStoreDefinitionError(`table ${table}: column name "${column}" is not allowed`);
  }
}

export function assertTable(table: TableDefinition): void {
  assertName('table', table.name);
  if (table.key.length === 0 || table.key.length > 8) {
    throw new ReadStoreDefinitionError(`table ${table.name}: 1..8 key columns`);
  }
  const columns = [...table.key, ...Object.keys(table.values)];
  if (new Set(columns).size !== columns.length) {
    throw new ReadStoreDefinitionError(`table ${table.name}: a column is named twice`);
  }
  for (const column of columns) assertColumn(table.name, column);
  for (const [column, kind] of Object.entries(table.values)) {
    if (kind !== 'fen' && kind !== 'text')
      throw new ReadStoreDefinitionError(`${table.name}.${column}: kind ${String(kind)}`);
  }
}

export function assertProjection(projection: ReadModelProjection): void {
  assertName('projection', projection.name);
  if (!Number.isSafeInteger(projection.version) || projection.version < 1) {
    throw new ReadStoreDefinitionError(`projection ${projection.name}: version must be a positive integer`);
  }
  const names = projection.tables.map((t) => t.name);
  if (names.length === 0 || new Set(names).size !== names.length) {
    throw new ReadStoreDefinitionError(`projection ${projection.name}: at least one table, each name once`);
  }
  projection.tables.forEach(assertTable);
}

export function physicalName(ref: TableRef): string {
  if (!Number.isSafeInteger(ref.generation) || ref.generation < 1 || ref.generation > MAX_GENERATION) {
    throw new ReadStoreDefinitionError(`generation ${ref.generation} out of range`);
  }
  return `rm_${ref.projection}__${ref.table.name}__g${ref.generation}`;
}

export const quote = (identifier: string): string => `"${identifier}"`;
