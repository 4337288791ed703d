import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DEFAULT_MAX_PENDING_APPENDS,
  GENESIS_HASH,
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
import {
  DuplicateCommandError,
  DuplicateEventIdError,
  EventStoreBusyError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../errors';
import { chainEvents } from '../hash-chain';
import { checkLimit, expectationHolds, validateAppend } from '../append-validation';
import { validateImport } from '../import-plan';
import { AppendSignal, PollingSubscription } from '../polling-subscription';
import type { StoreWriteFault } from '../store-faults';
import { SQLITE_SCHEMA } from './sqlite-schema';
import { SqliteWriteGuard, lazyTransaction } from './sqlite-write-guard';
import { writeImport } from './sqlite-import';
import {
  findRetriedAppend,
  prepareStatements,
  readAllQuery,
  toRecorded,
  uniquely,
  type CommandRow,
  type EventRow,
  type HeadRow,
  type SqliteStatements,
} from './sqlite-statements';

export interface SqliteEventStoreOptions {
  /** File path; ':memory:' for throwaway stores. The directory is created if missing. */
  path: string;
  /** FULL (default): an acknowledged append survives power loss. NORMAL may lose the last commits. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Most appends committed together in one transaction (group commit). */
  maxAppendsPerCommit?: number;
  pollIntervalMs?: number;
  clock?: () => Date;
  /**
   * Most appends waiting for a commit. Past it, append rejects at once with EventStoreBusyError and
   * appends nothing: a slow disk pushes back instead of the queue (and its memory) growing without bound.
   * Default DEFAULT_MAX_PENDING_APPENDS (10,000).
   */
  maxPendingAppends?: number;
  /**
   * Tests only: called with the store's own connection after it is set up, e.g. to lower
   * `PRAGMA max_page_count` and make the disk "full" for this connection alone.
   */
  onConnection?: (db: Database.Database) => void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

interface PendingAppend {
  stream: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
  options: AppendOptions | undefined;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

const DEFAULT_MAX_APPENDS_PER_COMMIT = 256;
const MAX_CACHED_READ_ALL_STATEMENTS = 64;
const MAX_KNOWN_HEADS = 100_000;

/**
 * The embedded default store: one SQLite file in WAL mode. Appends from concurrent callers are
 * group-committed: every append queued during one turn of the event loop shares one transaction and
 * one fsync, while each keeps its own expected-revision check (a savepoint per append) and its own
 * outcome. One process owns the file; run several API instances on PostgreSQL or KurrentDB instead.
 */
export class SqliteEventStore implements EventStore, RecordedEventImport {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly signal = new AppendSignal();
  private readonly queue: PendingAppend[] = [];
  private readonly maxAppendsPerCommit: number;
  private readonly maxPendingAppends: number;
  private readonly clock: () => Date;
  private flushScheduled = false;
  private closed = false;
  private drained: Promise<void> = Promise.resolve();
  private markDrained: (() => void) | undefined;
  private readonly statements: SqliteStatements;
  private readonly guard: SqliteWriteGuard;
  private readonly readAllStatements = new Map<string, Database.Statement>();
  /**
   * Stream heads this process committed or read to the end (-1n: no stream). One process owns the file,
   * so a forward read from past the head can answer [] without a query: that is the usual read of a
   * command whose stream state is cached. Refreshed from the table whenever an append finds it wrong.
   */
  private readonly knownHeads = new Map<string, bigint>();

  private constructor(private readonly options: SqliteEventStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.defaultSafeIntegers(true); // INTEGER columns come back as bigint: positions never pass through Number
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SQLITE_SCHEMA);
    this.maxAppendsPerCommit = options.maxAppendsPerCommit ?? DEFAULT_MAX_APPENDS_PER_COMMIT;
    this.maxPendingAppends = Math.max(options.maxPendingAppends ?? DEFAULT_MAX_PENDING_APPENDS, 1);
    this.clock = options.clock ?? (() => new Date());
    this.statements = prepareStatements(this.db);
    this.guard = new SqliteWriteGuard(this.db, options.path, this.clock);
    options.onConnection?.(this.db);
  }

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    return new SqliteEventStore(options);
  }

  get path(): string {
    return this.options.path;
  }

  append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    options?: AppendOptions,
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new EventStoreUnavailableError('the SQLite store is closed'));
    return new Promise<AppendResult>((resolve, reject) => {
      validateAppend(stream, events, expected, options?.command); // throwing here rejects the promise
      if (this.queue.length >= this.maxPendingAppends) throw new EventStoreBusyError('sqlite-append', this.maxPendingAppends);
      this.queue.push({ stream, events, expected, options, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    if (!this.markDrained) this.drained = new Promise((resolve) => (this.markDrained = resolve));
    // setImmediate, not a microtask: callers that resume from the previous commit enqueue first.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue.splice(0, this.maxAppendsPerCommit);
    const outcomes: Outcome[] = [];
    let failure: EventStoreUnavailableError | undefined = this.guard.beforeCommit();
    if (!failure) {
      try {
        this.commitBatch.immediate(batch, outcomes);
        // A commit into a removed file "succeeds" and is gone at the next start: never acknowledge it.
        failure = this.guard.afterCommit();
      } catch (error) {
        // Disk full, read-only, I/O error: the transaction rolled back, nothing of this batch is durable.
        failure = this.guard.failed(error);
      }
    }
    if (failure) {
      this.knownHeads.clear(); // what this handle last wrote may not be what the file holds
      for (const pending of batch) pending.reject(failure);
      this.afterFlush();
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) {
        this.knowHead(pending.stream, outcome.result.nextExpectedRevision); // durable now
        pending.resolve(outcome.result);
      } else pending.reject(outcome.error);
    });
    if (outcomes.some((o) => o.ok)) this.signal.notify();
    this.afterFlush();
  }

  private afterFlush(): void {
    if (this.queue.length > 0) {
      this.scheduleFlush();
      return;
    }
    this.markDrained?.();
    this.markDrained = undefined;
  }

  /** One transaction for the whole batch; each append runs in its own savepoint (nested transaction). */
  private readonly commitBatch = lazyTransaction(
    () => this.db,
    (batch: PendingAppend[], outcomes: Outcome[]) => {
      for (const pending of batch) {
        try {
          outcomes.push({ ok: true, result: this.appendOne(pending) });
        } catch (error) {
          // A full or failing disk fails the whole batch: every caller gets the error, nothing commits.
          if (this.guard.isFault(error)) throw error;
          outcomes.push({ ok: false, error });
        }
      }
    },
  );

  private readonly appendOne = lazyTransaction(() => this.db, (pending: PendingAppend): AppendResult => {
    const { stream, events, expected, options } = pending;
    const head = this.statements.head.get(stream) as HeadRow | undefined;
    const actual = head ? head.revision : -1n;
    if (!expectationHolds(expected, actual)) {
      this.knownHeads.delete(stream); // the caller read a stale head: its next read goes to the table
      const retried = findRetriedAppend(this.statements, stream, events, expected);
      if (retried) return retried;
      throw new WrongExpectedRevisionError(stream, expected, actual);
    }
    // Duplicate event and command ids are left to the UNIQUE constraints (one statement fewer per event
    // on the hot path); this append's savepoint rolls back whatever it inserted before the violation.
    const firstRevision = actual + 1n;
    const chained = chainEvents(stream, firstRevision, head?.hash ?? GENESIS_HASH, events);
    const recordedAt = this.clock().toISOString();
    let position = 0n;
    chained.forEach((event, index) => {
      const info = uniquely(
        () =>
          this.statements.insertEvent.run(
            event.id,
            stream,
            firstRevision + BigInt(index),
            event.type,
            JSON.stringify(event.data),
            JSON.stringify(event.metadata),
            recordedAt,
          ),
        // A command's retry may carry the same (deterministic) event ids: the command is what was repeated.
        { 'events.event_id': () => this.duplicateCommand(options?.command?.commandId) ?? new DuplicateEventIdError(event.id) },
      );
      position = BigInt(info.lastInsertRowid);
    });
    const lastRevision = firstRevision + BigInt(events.length - 1);
    this.statements.upsertHead.run(stream, lastRevision, chained[chained.length - 1]!.metadata.hash);
    if (options?.command) {
      const { commandId, bodyHash } = options.command;
      uniquely(
        () => this.statements.insertCommand.run(commandId, bodyHash, stream, firstRevision, lastRevision, position, recordedAt),
        { 'commands.command_id': () => new DuplicateCommandError(commandId) },
      );
    }
    return { nextExpectedRevision: lastRevision, position };
  });

  private duplicateCommand(commandId: string | undefined): DuplicateCommandError | undefined {
    return commandId !== undefined && this.statements.findCommand.get(commandId) ? new DuplicateCommandError(commandId) : undefined;
  }

  /**
   * Imports recorded events at their positions and times (see RecordedEventImport), in one transaction;
   * synchronous like a flush, so it never interleaves with a group commit. Appends queued meanwhile commit
   * after it, above its last position.
   */
  async importRecorded(events: readonly ImportEvent[]): Promise<ImportResult> {
    this.assertOpen();
    validateImport(events);
    for (const event of events) this.knownHeads.delete(event.stream); // re-learnt below, or from the table
    const refused = this.guard.beforeCommit();
    if (refused) throw refused;
    let plan: ReturnType<typeof writeImport>;
    try {
      plan = this.importBatch.immediate(events);
    } catch (error) {
      throw this.guard.isFault(error) ? this.guard.failed(error) : error;
    }
    for (const [stream, head] of plan.heads) this.knowHead(stream, head.revision);
    this.signal.notify();
    return { imported: plan.rows.length, lastPosition: plan.lastPosition };
  }

  private readonly importBatch = lazyTransaction(
    () => this.db,
    (events: readonly ImportEvent[]) => writeImport(this.statements, events),
  );

  async readStream(stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    checkLimit(options.limit);
    this.assertOpen();
    if (options.direction === 'backwards') {
      const rows = this.statements.readStreamBackwards.all({ stream, from: options.fromRevision ?? null, limit: options.limit }) as EventRow[];
      return rows.map(toRecorded);
    }
    const from = options.fromRevision ?? 0n;
    const known = this.knownHeads.get(stream);
    if (known !== undefined && from > known) return [];
    const rows = this.statements.readStreamForwards.all(stream, from, options.limit) as EventRow[];
    // Read to the end: the last row is the head; no row from revision 0 means there is no stream.
    if (rows.length > 0 && rows.length < options.limit) this.knowHead(stream, rows[rows.length - 1]!.revision);
    else if (rows.length === 0 && from === 0n) this.knowHead(stream, -1n);
    return rows.map(toRecorded);
  }

  private knowHead(stream: string, revision: bigint): void {
    const known = this.knownHeads.get(stream);
    if (known !== undefined && known >= revision) return;
    if (known === undefined && this.knownHeads.size >= MAX_KNOWN_HEADS) {
      this.knownHeads.delete(this.knownHeads.keys().next().value as string); // oldest first: a miss only costs a query
    }
    this.knownHeads.set(stream, revision);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    checkLimit(options.limit);
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const { sql, params } = readAllQuery(backwards, options);
    return (this.preparedReadAll(sql).all(...params) as EventRow[]).map(toRecorded);
  }

  /** readAll's SQL varies only with its filter: prepare each shape once (preparing cost more than a page). */
  private preparedReadAll(sql: string): Database.Statement {
    let statement = this.readAllStatements.get(sql);
    if (!statement) {
      if (this.readAllStatements.size >= MAX_CACHED_READ_ALL_STATEMENTS) {
        this.readAllStatements.delete(this.readAllStatements.keys().next().value as string);
      }
      statement = this.db.prepare(sql);
      this.readAllStatements.set(sql, statement);
    }
    return statement;
  }

  subscribeAll(options: SubscribeAllOptions, handler: EventHandler, callbacks: SubscriptionCallbacks = {}): Subscription {
    return new PollingSubscription(this, options, handler, callbacks, this.signal, this.options.pollIntervalMs);
  }

  async findCommand(commandId: string): Promise<CommandRecord | undefined> {
    this.assertOpen();
    this.guard.assertFileInPlace();
    const row = this.statements.findCommand.get(commandId) as CommandRow | undefined;
    if (!row) return undefined;
    return {
      commandId: row.command_id,
      bodyHash: row.body_hash,
      stream: row.stream,
      firstRevision: row.first_revision,
      lastRevision: row.last_revision,
      position: row.position,
    };
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    const row = this.statements.head_position.get() as { position: bigint | null };
    return row.position ?? -1n;
  }

  /** Reads answer, and writes too: a standing disk-full, read-only or removed-file fault fails it, naming it. */
  async ping(): Promise<void> {
    this.assertOpen();
    this.statements.ping.get();
    this.guard.check();
  }

  /** The write fault standing since the last refused commit, if no commit has succeeded since. */
  writeFault(): StoreWriteFault | undefined {
    return this.guard.current();
  }

  /** Online backup through SQLite's backup API: consistent while appends continue. */
  async backup(destinationPath: string): Promise<void> {
    this.assertOpen();
    mkdirSync(dirname(destinationPath), { recursive: true });
    await this.db.backup(destinationPath);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.drained; // in-flight appends finish and are acknowledged before the file closes
    this.signal.notify();
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('the SQLite store is closed');
  }
}
