import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Lease } from '../read-store.port';
import type { Executor, SqlConnection, SqlRow } from '../sql/executor';
import { SqlReadStore } from '../sql/sql-read-store';
import type { Dialect, Statement } from '../sql/table-sql';

export interface SqliteReadStoreOptions {
  /** File path (a file beside the event store, or the event store's own file); ':memory:' for tests. */
  path: string;
  /** FULL (default): a committed page and its checkpoint survive power loss. */
  synchronous?: 'FULL' | 'NORMAL';
}

const MAX_CACHED_STATEMENTS = 512;

/** One operation on the connection at a time: a transaction awaits its projection between statements. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** The single process owns its SQLite file, so it always holds the lease. */
class AlwaysHeldLease implements Lease {
  readonly held = true;
  async tryAcquire(): Promise<boolean> {
    return true;
  }
  onLost(): void {}
  async release(): Promise<void> {}
}

class SqliteConnection implements SqlConnection {
  readonly kind = 'sqlite' as const;
  readonly dialect: Dialect = { placeholder: () => '?', qualify: (name) => `"${name}"` };
  readonly maxParams = 32_766;
  readonly maxRowsPerStatement = 1;
  private readonly mutex = new Mutex();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly direct: Executor = {
    all: async (statement) => this.prepare(statement).all(...statement.params) as SqlRow[],
    run: async (statement) => this.prepare(statement).run(...statement.params).changes,
  };
  private readonly guarded: Executor = {
    all: (statement) => this.mutex.run(() => this.direct.all(statement)),
    run: (statement) => this.mutex.run(() => this.direct.run(statement)),
  };

  constructor(private readonly db: Database.Database) {}

  private prepare(statement: Statement): Database.Statement {
    let prepared = this.statements.get(statement.sql);
    if (prepared) {
      this.statements.delete(statement.sql); // re-insert: the map's order is least recently used first
    } else {
      if (this.statements.size >= MAX_CACHED_STATEMENTS)
        this.statements.delete(this.statements.keys().next().value as string);
      prepared = this.db.prepare(statement.sql);
    }
    this.statements.set(statement.sql, prepared);
    return prepared;
  }

  reader(): Executor {
    return this.guarded;
  }

  transaction<T>(work: (executor: Executor) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.direct);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /**
   * By shape, not `instanceof Error`: better-sqlite3 builds its SqliteError in the realm that loaded the
   * addon, which under jest's module VM is not the test's `Error`, so a missing table went unrecognised now
   * and then (the swap's retry then failed the read instead of re-resolving the generation).
   */
  isMissingTable(error: unknown): boolean {
    const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
    return typeof message === 'string' && /no such table/i.test(message);
  }

  lease(): Lease {
    return new AlwaysHeldLease();
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => {
      this.statements.clear();
      if (this.db.open) this.db.close();
    });
  }
}

/** Opens (and creates) the embedded read store: WAL, synchronous=FULL unless told otherwise. */
export async function openSqliteReadStore(options: SqliteReadStoreOptions): Promise<SqlReadStore> {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  db.defaultSafeIntegers(true); // BIGINT columns come back as bigint: fen and positions never pass through Number
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  const store = new SqlReadStore(new SqliteConnection(db));
  await store.init();
  return store;
}
