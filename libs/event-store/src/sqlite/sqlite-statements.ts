import type Database from 'better-sqlite3';
import type {
  AllFilter,
  AppendResult,
  ChainLink,
  ExpectedRevision,
  JsonObject,
  NewEvent,
  ReadAllOptions,
  RecordedEvent,
} from '../event-store.port';
import { EventStoreArgumentError } from '../errors';

/** The SQL of the SQLite adapter and the mapping of its rows; nothing here holds the file open. */

export interface EventRow {
  position: bigint;
  event_id: string;
  stream: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

export interface HeadRow {
  revision: bigint;
  hash: string;
}

export interface CommandRow {
  command_id: string;
  body_hash: string;
  stream: string;
  first_revision: bigint;
  last_revision: bigint;
  position: bigint;
}

export function prepareStatements(db: Database.Database) {
  return {
    head: db.prepare('SELECT revision, hash FROM streams WHERE stream = ?'),
    upsertHead: db.prepare(
      'INSERT INTO streams (stream, revision, hash) VALUES (?, ?, ?) ON CONFLICT(stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash',
    ),
    eventById: db.prepare('SELECT position, stream, revision FROM events WHERE event_id = ?'),
    insertEvent: db.prepare(
      'INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    insertCommand: db.prepare(
      'INSERT INTO commands (command_id, body_hash, stream, first_revision, last_revision, position, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    findCommand: db.prepare('SELECT * FROM commands WHERE command_id = ?'),
    readStreamForwards: db.prepare(
      'SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?',
    ),
    readStreamBackwards: db.prepare(
      'SELECT * FROM events WHERE stream = @stream AND (@from IS NULL OR revision <= @from) ORDER BY revision DESC LIMIT @limit',
    ),
    head_position: db.prepare('SELECT MAX(position) AS position FROM events'),
    // importRecorded: the recorded position and time instead of the next AUTOINCREMENT value and the clock.
    // AUTOINCREMENT then continues above the largest position ever stored, so later appends never reuse one.
    importEvent: db.prepare(
      'INSERT INTO events (position, event_id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    ping: db.prepare('SELECT 1'),
  };
}

export type SqliteStatements = ReturnType<typeof prepareStatements>;

const MAX_FILTER_TYPES = 100;

export function readAllQuery(backwards: boolean, options: ReadAllOptions): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (backwards && options.before !== undefined) {
    where.push('position < ?');
    params.push(options.before);
  }
  if (!backwards && options.after !== undefined) {
    where.push('position > ?');
    params.push(options.after);
  }
  appendFilter(options.filter, where, params);
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  params.push(options.limit);
  return { sql: `SELECT * FROM events ${clause} ORDER BY position ${backwards ? 'DESC' : 'ASC'} LIMIT ?`, params };
}

function appendFilter(filter: AllFilter | undefined, where: string[], params: unknown[]): void {
  if (!filter) return;
  if (filter.eventTypes) {
    if (filter.eventTypes.length === 0 || filter.eventTypes.length > MAX_FILTER_TYPES) {
      throw new EventStoreArgumentError(`filter.eventTypes takes 1..${MAX_FILTER_TYPES} types`);
    }
    where.push(`type IN (${filter.eventTypes.map(() => '?').join(',')})`);
    params.push(...filter.eventTypes);
  }
  if (filter.streamPrefix !== undefined) {
    // substr comparison, not LIKE: no escaping of % and _ in stream names to get wrong.
    where.push('substr(stream, 1, length(?)) = ?');
    params.push(filter.streamPrefix, filter.streamPrefix);
  }
}

/** Runs an insert, turning a UNIQUE violation on one of the named columns into the domain error. */
export function uniquely<R>(insert: () => R, errors: Record<string, () => Error>): R {
  try {
    return insert();
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      for (const [column, toError] of Object.entries(errors)) {
        if (typeof message === 'string' && message.includes(column)) throw toError();
      }
    }
    throw error;
  }
}

/** A retry of an append that already committed: same ids at the revisions it would have taken. */
export function findRetriedAppend(
  statements: SqliteStatements,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): AppendResult | undefined {
  if (expected === 'exists') return undefined;
  const firstRevision = expected === 'no_stream' ? 0n : expected + 1n;
  let last: EventRow | undefined;
  for (const [index, event] of events.entries()) {
    const row = statements.eventById.get(event.id) as EventRow | undefined;
    if (!row || row.stream !== stream || row.revision !== firstRevision + BigInt(index)) return undefined;
    last = row;
  }
  return last ? { nextExpectedRevision: last.revision, position: last.position, retried: true } : undefined;
}

export function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    stream: row.stream,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data) as JsonObject,
    metadata: JSON.parse(row.metadata) as JsonObject & ChainLink,
    recordedAt: new Date(row.recorded_at),
  };
}
