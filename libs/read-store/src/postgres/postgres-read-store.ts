import { DatabaseError, Pool, type PoolClient } from 'pg';
import type { Lease } from '../read-store.port';
import type { Executor, SqlConnection, SqlRow } from '../sql/executor';
import { SqlReadStore } from '../sql/sql-read-store';
import type { Dialect, Statement } from '../sql/table-sql';
import { AdvisoryLease, advisoryKey } from './postgres-lease';

export interface PostgresReadStoreOptions {
  connectionString: string;
  /** Schema holding the read-model tables (created if missing). Default 'ledger_read'. */
  schema?: string;
  /** Default 5: one projection transaction at a time, plus readers. */
  poolMax?: number;
  /** A name for this instance in pg_stat_activity (its lease connection is `<name>:lease`). */
  instanceName?: string;
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;
/** PostgreSQL's wire protocol takes at most 65535 parameters per statement. */
const MAX_PARAMS = 65_535;

const executorOf = (client: Pick<PoolClient, 'query'>): Executor => ({
  all: async (statement) => (await client.query<SqlRow>(statement.sql, statement.params)).rows,
  run: async (statement) => (await client.query(statement.sql, statement.params)).rowCount ?? 0,
});

class PostgresConnection implements SqlConnection {
  readonly kind = 'postgres' as const;
  readonly dialect: Dialect;
  readonly maxParams = MAX_PARAMS;
  readonly maxRowsPerStatement = 500;
  readonly ddlPrelude: Statement;
  private readonly pooled: Executor;

  constructor(
    private readonly pool: Pool,
    private readonly options: PostgresReadStoreOptions,
    readonly schema: string,
  ) {
    this.dialect = { placeholder: (index) => `$${index}`, qualify: (name) => `"${schema}"."${name}"` };
    this.ddlPrelude = {
      sql: 'SELECT pg_advisory_xact_lock($1::bigint)',
      params: [advisoryKey(`read-models-ddl:${schema}`)],
    };
    this.pooled = executorOf(pool);
  }

  reader(): Executor {
    return this.pooled;
  }

  /** One transaction per page per projection; READ COMMITTED is enough, the checkpoint CAS serialises appliers. */
  async transaction<T>(work: (executor: Executor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // pg-pool removes its own error listener while a client is checked out, and a client whose connection
    // drops (the database restarts mid-page) emits 'error': without a listener that crashes the process.
    // The statement in flight rejects with the same error, so the listener only has to exist.
    const ignore = (): void => undefined;
    client.on('error', ignore);
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(executorOf(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.removeListener('error', ignore);
      client.release(broken);
    }
  }

  /**
   * 42P01: the table is not there. XX000 "could not open relation with OID": the statement found the
   * table, then a swap's DROP committed before it got its lock; to the reader it is the same race.
   */
  isMissingTable(error: unknown): boolean {
    if (!(error instanceof DatabaseError)) return false;
    return error.code === '42P01' || (error.code === 'XX000' && /could not open relation/i.test(error.message));
  }

  lease(): Lease {
    const name = this.options.instanceName ?? 'read-models';
    return new AdvisoryLease(this.options.connectionString, advisoryKey(`read-models:${this.schema}`), `${name}:lease`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Opens the PostgreSQL read store: the schema and the registry tables are created if missing. */
export async function openPostgresReadStore(options: PostgresReadStoreOptions): Promise<SqlReadStore> {
  const schema = options.schema ?? 'ledger_read';
  if (!SCHEMA.test(schema)) throw new TypeError(`schema name ${schema} is not allowed`);
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.poolMax ?? 5,
    application_name: options.instanceName ?? 'read-models',
  });
  pool.on('error', () => undefined); // an idle client's connection died: the pool replaces it
  const connection = new PostgresConnection(pool, options, schema);
  try {
    await connection.transaction(async (executor) => {
      await executor.all(connection.ddlPrelude);
      await executor.run({ sql: `CREATE SCHEMA IF NOT EXISTS "${schema}"`, params: [] });
    });
    const store = new SqlReadStore(connection);
    await store.init();
    return store;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}
