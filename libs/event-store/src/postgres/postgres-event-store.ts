import type { Pool } from 'pg';
import {
  DEFAULT_MAX_PENDING_APPENDS,
  type AppendOptions,
  type AppendResult,
  type CommandRecord,
  type EventHandler,
  type EventStore,
  type ExpectedRevision,
  type ImportEvent,
  type ImportResult,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type RecordedEventImport,
  type SubscribeAllOptions,
  type Subscription,
  type SubscriptionCallbacks,
} from '../event-store.port';
import { EventStoreBusyError, EventStoreUnavailableError } from '../errors';
import { checkLimit, validateAppend } from '../append-validation';
import { validateImport } from '../import-plan';
import { AppendSignal, DEFAULT_POLL_INTERVAL_MS, PollingSubscription } from '../polling-subscription';
import { assertSchemaName, notifyChannel } from './schema';
import { isPortError, type Outcome, type PendingAppend } from './batch-planner';
import { AppendPath, MAX_BYTES_PER_COMMIT } from './append-path';
import { importBatch } from './import-path';
import {
  NotificationListener,
  advisoryKey,
  checkOut,
  createPool,
  ensureSchema,
  type CheckedOut,
  type ConnectionOptions,
} from './connection';
import { serverAnswered, toStoreError } from './pg-errors';
import {
  bind,
  readAllQuery,
  statements,
  toCommandRecord,
  toRecorded,
  type CommandRow,
  type EventRow,
  type Statement,
  type Statements,
} from './statements';

export interface PostgresEventStoreOptions extends ConnectionOptions {
  /** Default 'ledger'. One store per schema: positions, the append lock and the NOTIFY channel are per schema. */
  schema?: string;
  /** Upper bound on how long a subscriber waits when no NOTIFY arrives. Default 250 ms. */
  pollIntervalMs?: number;
  /** Most appends committed together in one transaction. Default and maximum 64 (see MAX_APPENDS_PER_COMMIT). */
  maxAppendsPerCommit?: number;
  /**
   * Most appends waiting for a commit (queued, not yet in a transaction). Past it, append rejects at once
   * with EventStoreBusyError and appends nothing: a slow database pushes back instead of the queue (and
   * the memory it holds) growing without bound. Default DEFAULT_MAX_PENDING_APPENDS (10,000).
   */
  maxPendingAppends?: number;
}

/**
 * When a batch falls back to the savepoint path, each append runs in its own savepoint, i.e. a
 * subtransaction with its own xid. PostgreSQL caches 64 subtransaction ids per backend; beyond that every
 * concurrent snapshot has to consult pg_subtrans ("suboverflow"), which slows all readers. So a batch
 * holds at most 64 appends.
 */
const MAX_APPENDS_PER_COMMIT = 64;

/**
 * PostgreSQL adapter. Several processes may append to the same schema.
 *
 * Global order without visibility holes: every append transaction takes one transaction-level advisory
 * lock (per schema) before it inserts, so positions are assigned by one writer at a time and the lock is
 * released only after the commit is visible. A transaction holding a smaller position has therefore
 * always committed before any larger position exists, and `position > checkpoint` never skips an event.
 *
 * Group commit: appends queued while a transaction is in flight go into the next one (one lock, one
 * commit, one WAL flush). Each append is decided on its own, in queue order, against one read made under
 * the lock, and the accepted ones are written by one statement; a batch whose statement fails anyway
 * is redone with one savepoint per append, so every append's outcome stays its own.
 * synchronous_commit is left at the server's setting (on by default): an acknowledged append is durable.
 */
export class PostgresEventStore implements EventStore, RecordedEventImport {
  readonly kind = 'postgres' as const;
  private readonly signal = new AppendSignal();
  private readonly queue: PendingAppend[] = [];
  private readonly sql: Statements;
  private readonly appendLockKey: string;
  private readonly maxAppendsPerCommit: number;
  private readonly maxPendingAppends: number;
  private readonly appendPath: AppendPath;
  private readonly imports = new Set<Promise<unknown>>();
  private draining = false;
  private drained: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;

  private readonly pool: Pool;
  private readonly listener: NotificationListener;

  private constructor(
    readonly schema: string,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.pool = createPool(options);
    this.listener = new NotificationListener(options, notifyChannel(schema), () => this.signal.notify());
    this.sql = statements(schema);
    this.appendLockKey = advisoryKey(`append:${schema}`);
    this.maxAppendsPerCommit = Math.min(
      Math.max(options.maxAppendsPerCommit ?? MAX_APPENDS_PER_COMMIT, 1),
      MAX_APPENDS_PER_COMMIT,
    );
    this.maxPendingAppends = Math.max(options.maxPendingAppends ?? DEFAULT_MAX_PENDING_APPENDS, 1);
    this.appendPath = new AppendPath(this.sql, this.appendLockKey, notifyChannel(schema));
  }

  /** Connects, creates the schema if it is missing, and starts listening for appends of other processes. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'ledger';
    assertSchemaName(schema);
    const store = new PostgresEventStore(schema, options);
    try {
      await ensureSchema(store.pool, schema);
      await store.listener.start();
    } catch (error) {
      await store.close();
      throw toStoreError(error);
    }
    return store;
  }

  append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    options?: AppendOptions,
  ): Promise<AppendResult> {
    if (this.closing) return Promise.reject(new EventStoreUnavailableError('the PostgreSQL store is closed'));
    return new Promise<AppendResult>((resolve, reject) => {
      const bytes = validateAppend(stream, events, expected, options?.command); // a throw here rejects the promise
      if (this.queue.length >= this.maxPendingAppends) {
        throw new EventStoreBusyError('postgres-append', this.maxPendingAppends);
      }
      this.queue.push({ stream, events, expected, command: options?.command, bytes, resolve, reject });
      this.startDraining();
    });
  }

  /**
   * Imports recorded events at their positions (see RecordedEventImport), in one transaction under the
   * append lock: appends of this and other processes wait for it, then continue above the last position.
   */
  importRecorded(events: readonly ImportEvent[]): Promise<ImportResult> {
    if (this.closing) return Promise.reject(new EventStoreUnavailableError('the PostgreSQL store is closed'));
    const work = this.runImport(events);
    this.imports.add(work);
    const forget = (): void => void this.imports.delete(work);
    work.then(forget, forget);
    return work;
  }

  private async runImport(events: readonly ImportEvent[]): Promise<ImportResult> {
    validateImport(events);
    let client: CheckedOut;
    try {
      client = await checkOut(this.pool);
    } catch (error) {
      throw toStoreError(error);
    }
    let broken = false;
    try {
      const result = await importBatch(client, this.sql, this.appendLockKey, notifyChannel(this.schema), events);
      this.signal.notify();
      return result;
    } catch (error) {
      const failure = toStoreError(error);
      broken = !isPortError(failure); // a refusal leaves the connection clean; anything else, unknown
      throw failure;
    } finally {
      client.checkIn(broken);
    }
  }

  async readStream(stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    checkLimit(options.limit);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? null : 0n);
    const rows = await this.query<EventRow>(backwards ? this.sql.readStreamBackwards : this.sql.readStreamForwards, [
      stream,
      from === null ? null : from.toString(),
      options.limit,
    ]);
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    checkLimit(options.limit);
    const { text, values } = readAllQuery(this.schema, options);
    return (await this.query<EventRow>(text, values)).map(toRecorded);
  }

  subscribeAll(
    options: SubscribeAllOptions,
    handler: EventHandler,
    callbacks: SubscriptionCallbacks = {},
  ): Subscription {
    const interval = this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    return new PollingSubscription(this, options, handler, callbacks, this.signal, interval);
  }

  async findCommand(commandId: string): Promise<CommandRecord | undefined> {
    const [row] = await this.query<CommandRow>(this.sql.findCommand, [commandId]);
    return row ? toCommandRecord(row) : undefined;
  }

  async headPosition(): Promise<bigint> {
    const [row] = await this.query<{ position: string | null }>(this.sql.headPosition, []);
    return row?.position == null ? -1n : BigInt(row.position);
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1', []);
  }

  /** Refuses new appends, lets queued ones commit and be acknowledged, then releases every connection. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    await this.drained;
    await Promise.allSettled([...this.imports]);
    this.signal.notify(); // subscribers re-poll, get EventStoreUnavailableError and stop
    await this.listener.stop();
    await this.pool.end().catch(() => undefined);
  }

  private async query<R extends object>(statement: Statement | string, values: unknown[]): Promise<R[]> {
    if (this.closing) throw new EventStoreUnavailableError('the PostgreSQL store is closed');
    const config = typeof statement === 'string' ? { text: statement, values } : bind(statement, values);
    try {
      return (await this.pool.query<R & Record<string, unknown>>(config)).rows;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  // ---- group commit ------------------------------------------------------------------------------

  private startDraining(): void {
    if (this.draining) return; // the running drain loop picks the new append up
    this.draining = true;
    this.drained = this.drain();
  }

  /** Commits batches until the queue is empty. Never rejects: every outcome goes to its own caller. */
  private async drain(): Promise<void> {
    try {
      // One macrotask first, so that appends issued in the same turn of the event loop share the batch.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) await this.commitBatch(this.takeBatch());
    } finally {
      this.draining = false; // synchronous with the empty-queue check: no append can fall in between
    }
  }

  private takeBatch(): PendingAppend[] {
    let count = 0;
    let bytes = 0;
    for (const pending of this.queue) {
      if (count === this.maxAppendsPerCommit || (count > 0 && bytes + pending.bytes > MAX_BYTES_PER_COMMIT)) break;
      count += 1;
      bytes += pending.bytes;
    }
    return this.queue.splice(0, count);
  }

  private async commitBatch(batch: PendingAppend[]): Promise<void> {
    let client: CheckedOut;
    try {
      client = await checkOut(this.pool);
    } catch (error) {
      for (const pending of batch) pending.reject(toStoreError(error));
      return;
    }
    let broken = false;
    try {
      const outcomes = await this.appendPath.run(client, batch);
      batch.forEach((pending, i) => settle(pending, outcomes[i]!));
      if (outcomes.some((o) => o.ok)) this.signal.notify();
    } catch (error) {
      // The transaction as a whole failed (connection lost, server shutting down, commit failed):
      // nothing of it is durable, unless the connection died during COMMIT; a retry with the same
      // event ids and expected revision then returns the original result.
      broken = true;
      // Only worth a round trip when the server answered: on a stalled or dropped connection ROLLBACK would
      // wait out the query timeout again, and destroying the connection rolls back server-side anyway.
      if (serverAnswered(error)) await client.query('ROLLBACK').catch(() => undefined);
      const failure = toStoreError(error);
      for (const pending of batch) pending.reject(failure);
    } finally {
      client.checkIn(broken); // true destroys the connection: its state is unknown
    }
  }
}

function settle(pending: PendingAppend, outcome: Outcome): void {
  if (outcome.ok) pending.resolve(outcome.result);
  else pending.reject(outcome.error);
}
