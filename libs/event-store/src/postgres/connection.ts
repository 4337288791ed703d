import { createHash } from 'node:crypto';
import { Client, Pool, escapeIdentifier, type PoolClient } from 'pg';
import { schemaDdl } from './schema';

/** Connections of the PostgreSQL adapter: the pool, the schema's first creation, and the LISTEN connection. */

export interface ConnectionOptions {
  connectionString: string;
  /** Connections in the pool (reads run in parallel; appends use one at a time). Default 10. */
  poolMax?: number;
  /** How long to wait for a connection before answering EventStoreUnavailableError. Default 10 s. */
  connectionTimeoutMs?: number;
  /**
   * Server side: the longest one statement of the service's sessions may run (incl. waiting for the
   * append lock), then PostgreSQL cancels it and the caller gets 503 STORE_TIMEOUT. Default 30 s.
   */
  statementTimeoutMs?: number;
  /**
   * Server side: a session idle inside a transaction this long is terminated, which releases the append
   * lock a stalled or vanished client still holds. Default 60 s.
   */
  idleInTransactionTimeoutMs?: number;
  /**
   * Client side: the longest wait for any answer of the server, for when the network stalls and the
   * server's own timeouts cannot reach us. Default the statement timeout plus 5 s.
   */
  queryTimeoutMs?: number;
}

/** The documented defaults of the session timeouts (see ConnectionOptions). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
export const DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;
const QUERY_TIMEOUT_MARGIN_MS = 5_000;

const LISTEN_RETRY_MS = 1_000;
const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;
/** A writer that hangs while holding the append lock must not hang every other writer forever. */
const LOCK_TIMEOUT_MS = 30_000;

/** Every wait of a session bounded: statements, idle transactions, lock waits, and the network itself. */
export function sessionTimeouts(options: ConnectionOptions) {
  const statementMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  return {
    statement_timeout: statementMs,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    lock_timeout: Math.min(LOCK_TIMEOUT_MS, statementMs),
    query_timeout: options.queryTimeoutMs ?? statementMs + QUERY_TIMEOUT_MARGIN_MS,
    // A peer that vanished without a FIN is noticed by the kernel instead of never.
    keepAlive: true,
  };
}

export function createPool(options: ConnectionOptions): Pool {
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    ...sessionTimeouts(options),
    application_name: 'ledger-event-store',
  });
  // An idle connection that dies emits here; without a listener the process would crash. The next
  // query gets a fresh connection or reports EventStoreUnavailableError itself.
  pool.on('error', () => undefined);
  return pool;
}

/** Creates the schema once; the lock makes concurrent first starts of several processes safe. */
export async function ensureSchema(pool: Pool, schema: string): Promise<void> {
  const client = await checkOut(pool);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [advisoryKey(`schema:${schema}`)]);
    const { rows } = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
      `"${schema}".events`,
    ]);
    // Skipped when present: no DDL locks on a live table, and the runtime role needs no CREATE right.
    if (!rows[0]?.present) await client.query(schemaDdl(schema));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.checkIn(false);
  }
}

export type CheckedOut = PoolClient & { checkIn(destroy: boolean): void };

/**
 * pg-pool removes its error listener from a client while it is checked out, and a client whose connection
 * drops emits 'error': without a listener of ours that would crash the process. The failing query
 * rejects with the same error, so the listener only has to exist.
 */
export async function checkOut(pool: Pool): Promise<CheckedOut> {
  const client = await pool.connect();
  const ignore = (): void => undefined;
  client.on('error', ignore);
  return Object.assign(client, {
    checkIn(destroy: boolean): void {
      client.removeListener('error', ignore);
      client.release(destroy);
    },
  });
}

/** A stable 64-bit advisory lock key (as a decimal string) for a name, shared by every process. */
export function advisoryKey(name: string): string {
  return createHash('sha256').update(`ledger-event-store:${name}`).digest().readBigInt64BE(0).toString();
}

/**
 * The LISTEN connection. Lives outside the pool (a pooled connection would be handed to queries) and
 * reconnects after a loss; notifications missed meanwhile only cost latency, since every subscriber
 * wait is bounded by the poll interval, and a reconnect wakes everyone to re-poll.
 */
export class NotificationListener {
  private client: Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly channel: string,
    private readonly onNotify: () => void,
  ) {}

  start(): Promise<void> {
    return this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.options.connectionString,
      connectionTimeoutMillis: this.options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      keepAlive: true,
      application_name: 'ledger-event-store-listen',
    });
    client.on('notification', () => this.onNotify());
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${escapeIdentifier(this.channel)}`);
    } catch (error) {
      this.lost(client);
      throw error;
    }
    this.onNotify();
  }

  private lost(client: Client): void {
    if (this.client !== client) return; // already handled, or stopped
    this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.connect().catch(() => undefined), LISTEN_RETRY_MS);
  }
}

