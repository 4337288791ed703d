import { createHash } from 'node:crypto';
import { Client, DatabaseError, Pool, escapeIdentifier, escapeLiteral, type PoolClient } from 'pg';
import {
  GENESIS_HASH,
  type AllFilter,
  type AppendOptions,
  type AppendResult,
  type ChainLink,
  type CommandRecord,
  type EventHandler,
  type EventStore,
  type ExpectedRevision,
  type JsonObject,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeAllOptions,
  type Subscription,
  type SubscriptionCallbacks,
} from '../event-store.port';
import {
  DuplicateCommandError,
  DuplicateEventIdError,
  EventStoreArgumentError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../errors';
import { chainEvents } from '../hash-chain';
import { checkLimit, expectationHolds, validateAppend } from '../append-validation';
import { AppendSignal, DEFAULT_POLL_INTERVAL_MS, PollingSubscription } from '../polling-subscription';
import { assertSchemaName, notifyChannel, schemaDdl } from './schema';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Default 'ledger'. One store per schema: positions, the append lock and the NOTIFY channel are per schema. */
  schema?: string;
  /** Connections in the pool (reads run in parallel; appends use one at a time). Default 10. */
  poolMax?: number;
  /** Upper bound on how long a subscriber waits when no NOTIFY arrives. Default 250 ms. */
  pollIntervalMs?: number;
  /** Most appends committed together in one transaction. Default and maximum 64 (see MAX_APPENDS_PER_COMMIT). */
  maxAppendsPerCommit?: number;
  /** How long to wait for a connection before answering EventStoreUnavailableError. Default 10 s. */
  connectionTimeoutMs?: number;
}

/**
 * When a batch falls back to the savepoint path, each append runs in its own savepoint, i.e. a
 * subtransaction with its own xid. PostgreSQL caches 64 subtransaction ids per backend; beyond that every
 * concurrent snapshot has to consult pg_subtrans ("suboverflow"), which slows all readers. So a batch
 * holds at most 64 appends.
 */
const MAX_APPENDS_PER_COMMIT = 64;
/** A batch also stops growing at this many payload bytes, so one commit never carries gigabytes. */
const MAX_BYTES_PER_COMMIT = 32 * 1024 * 1024;
const MAX_FILTER_TYPES = 100;
const LISTEN_RETRY_MS = 1_000;
const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;
/** A writer that hangs while holding the append lock must not hang every other writer forever. */
const LOCK_TIMEOUT_MS = 30_000;

interface PendingAppend {
  stream: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
  command: AppendOptions['command'];
  bytes: number;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/** pg returns int8 as a decimal string (never a Number, which would lose precision past 2^53). */
interface EventRow {
  position: string;
  event_id: string;
  stream: string;
  revision: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject & ChainLink;
  recorded_at: Date;
}

interface CommandRow {
  command_id: string;
  body_hash: string;
  stream: string;
  first_revision: string;
  last_revision: string;
  position: string;
}

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
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly signal = new AppendSignal();
  private readonly queue: PendingAppend[] = [];
  private readonly sql: Statements;
  private readonly appendLockKey: string;
  private readonly maxAppendsPerCommit: number;
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
      this.queue.push({ stream, events, expected, command: options?.command, bytes, resolve, reject });
      this.startDraining();
    });
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
      const outcomes = await this.runBatchTransaction(client, batch);
      batch.forEach((pending, i) => settle(pending, outcomes[i]!));
      if (outcomes.some((o) => o.ok)) this.signal.notify();
    } catch (error) {
      // The transaction as a whole failed (connection lost, server shutting down, commit failed):
      // nothing of it is durable, unless the connection died during COMMIT; a retry with the same
      // event ids and expected revision then returns the original result.
      broken = true;
      await client.query('ROLLBACK').catch(() => undefined);
      const failure = toStoreError(error);
      for (const pending of batch) pending.reject(failure);
    } finally {
      client.checkIn(broken); // true destroys the connection: its state is unknown
    }
  }

  /**
   * The batch in four round trips whatever its size: lock, one read of everything the decisions need,
   * one insert of every accepted append, commit. Every append is decided in JS, in queue order, against
   * what was read under the lock (no other writer of any process can change it while we hold the lock).
   */
  private async runBatchTransaction(client: PoolClient, batch: PendingAppend[]): Promise<Outcome[]> {
    // A jsonb value holds at most 256 MiB, and the batch statement sends all data as one jsonb array;
    // only a single append can be this large (takeBatch), and the savepoint path sends it as text[].
    if (batch.reduce((bytes, pending) => bytes + pending.bytes, 0) > MAX_BYTES_PER_COMMIT) {
      return this.runSavepointBatch(client, batch);
    }
    const tx = new BatchTransaction(client, this.sql, this.appendLockKey);
    await tx.begin();
    const plan = planBatch(batch, await tx.prefetch(batch));
    let positions: Map<string, bigint>;
    try {
      positions = await tx.insertAll(plan);
    } catch (error) {
      // Something we did not predict (a writer that bypassed the lock, data PostgreSQL refuses, e.g.
      // \u0000 in jsonb): start over with one savepoint per append, so each append gets its own outcome.
      if (!isAppendRefusal(error)) throw error;
      await client.query('ROLLBACK');
      return this.runSavepointBatch(client, batch);
    }
    const outcomes = plan.outcomes(positions);
    await tx.commit(notifyChannel(this.schema), lastPosition(outcomes));
    return outcomes;
  }

  /** The fallback: one savepoint and one insert per append, each refusal rolled back on its own. */
  private async runSavepointBatch(client: PoolClient, batch: PendingAppend[]): Promise<Outcome[]> {
    const tx = new BatchTransaction(client, this.sql, this.appendLockKey);
    await tx.begin();
    await tx.readHeads(batch.map((pending) => pending.stream));
    const outcomes: Outcome[] = [];
    for (const pending of batch) outcomes.push(await this.appendOne(tx, pending));
    await tx.commit(notifyChannel(this.schema), lastPosition(outcomes));
    return outcomes;
  }

  /** One append of a batch. Its refusal is its outcome; a failure of the store propagates and fails the batch. */
  private async appendOne(tx: BatchTransaction, pending: PendingAppend): Promise<Outcome> {
    const head = tx.head(pending.stream);
    const actual = head?.revision ?? -1n;
    if (!expectationHolds(pending.expected, actual)) return this.retriedOrRefused(tx.client, pending, actual);
    await tx.savepoint();
    try {
      const { result, hash } = await this.insert(tx.client, pending, head);
      tx.moveHead(pending.stream, { revision: result.nextExpectedRevision, hash });
      return { ok: true, result };
    } catch (error) {
      if (!isAppendRefusal(error)) throw error;
      await tx.rollbackToSavepoint();
      return { ok: false, error: await this.explainRefusal(tx.client, pending, error) };
    }
  }

  /** Writes the events, the new head and the command record in one statement (one round trip). */
  private async insert(
    client: PoolClient,
    pending: PendingAppend,
    head: Head | undefined,
  ): Promise<{ result: AppendResult; hash: string }> {
    const { stream, events, command } = pending;
    const firstRevision = (head?.revision ?? -1n) + 1n;
    const lastRevision = firstRevision + BigInt(events.length - 1);
    const chained = chainEvents(stream, firstRevision, head?.hash ?? GENESIS_HASH, events);
    const hash = chained[chained.length - 1]!.metadata.hash;
    const { rows } = await client.query<{ position: string }>(
      bind(this.sql.insert, [
        stream,
        firstRevision.toString(),
        chained.map((e) => e.id),
        chained.map((e) => e.type),
        chained.map((e) => JSON.stringify(e.data)),
        chained.map((e) => JSON.stringify(e.metadata)),
        lastRevision.toString(),
        hash,
        command?.commandId ?? null,
        command?.bodyHash ?? null,
      ]),
    );
    return { result: { nextExpectedRevision: lastRevision, position: BigInt(rows[0]!.position) }, hash };
  }

  /** The expected revision does not hold: either this is a retry of a committed append, or a conflict. */
  private async retriedOrRefused(client: PoolClient, pending: PendingAppend, actual: bigint): Promise<Outcome> {
    try {
      const retried = await this.findRetriedAppend(client, pending);
      if (retried) return { ok: true, result: retried };
      return { ok: false, error: new WrongExpectedRevisionError(pending.stream, pending.expected, actual) };
    } catch (error) {
      if (isPortError(error)) return { ok: false, error };
      throw error;
    }
  }

  /**
   * A retry of an append that already committed: the same ids at the revisions the expected revision
   * implies. With a command, its record must be the same command body, else the retry is a conflict.
   */
  private async findRetriedAppend(client: PoolClient, pending: PendingAppend): Promise<AppendResult | undefined> {
    const { stream, events, expected, command } = pending;
    if (expected === 'exists') return undefined;
    const firstRevision = expected === 'no_stream' ? 0n : expected + 1n;
    const { rows } = await client.query<Pick<EventRow, 'event_id' | 'stream' | 'revision' | 'position'>>(
      bind(this.sql.eventsById, [events.map((e) => e.id)]),
    );
    const byId = new Map(rows.map((row) => [row.event_id, row]));
    const matches = events.every((event, i) => {
      const row = byId.get(event.id);
      return row !== undefined && row.stream === stream && BigInt(row.revision) === firstRevision + BigInt(i);
    });
    if (!matches) return undefined;
    if (command) {
      const { rows: commands } = await client.query<CommandRow>(bind(this.sql.findCommand, [command.commandId]));
      if (commands[0] && commands[0].body_hash !== command.bodyHash) throw new DuplicateCommandError(command.commandId);
    }
    const last = byId.get(events[events.length - 1]!.id)!;
    return { nextExpectedRevision: BigInt(last.revision), position: BigInt(last.position), retried: true };
  }

  /** Turns a constraint or data error of one append into the port's error (after its savepoint rolled back). */
  private async explainRefusal(client: PoolClient, pending: PendingAppend, error: unknown): Promise<unknown> {
    if (!(error instanceof DatabaseError)) return error; // already one of the port's errors
    if (error.code === '23505' && error.constraint === 'events_event_id_unique') {
      if (pending.command) {
        // A command's retry may carry the same (deterministic) event ids: the command is what was repeated.
        const { rows: commands } = await client.query(bind(this.sql.findCommand, [pending.command.commandId]));
        if (commands.length > 0) return new DuplicateCommandError(pending.command.commandId);
      }
      const { rows } = await client.query<{ event_id: string }>(
        bind(this.sql.eventsById, [pending.events.map((e) => e.id)]),
      );
      return new DuplicateEventIdError(rows[0]?.event_id ?? pending.events[0]!.id);
    }
    if (error.code === '23505' && error.constraint === 'commands_pkey') {
      return new DuplicateCommandError(pending.command?.commandId ?? '');
    }
    if (error.code === '23505') {
      // (stream, revision) taken: only a writer that bypassed the append lock can cause this.
      const heads = await readHeads(client, this.sql, [pending.stream]);
      return new WrongExpectedRevisionError(
        pending.stream,
        pending.expected,
        heads.get(pending.stream)?.revision ?? -1n,
      );
    }
    return new EventStoreArgumentError(`PostgreSQL refused the append: ${error.message}`, { cause: error });
  }
}

interface Head {
  revision: bigint;
  hash: string;
}

// ---- batch decisions -----------------------------------------------------------------------------

interface PrefetchRow {
  kind: 's' | 'e' | 'c';
  key: string;
  stream: string | null;
  revision: string | null;
  text: string | null;
  position: string | null;
}

/** An event id already taken: stored (position known) or accepted earlier in this batch (position not yet). */
interface TakenEvent {
  stream: string;
  revision: bigint;
  position?: bigint;
}

/** What the database held, under the lock, for a batch's streams, event ids and command ids. */
interface Known {
  heads: Map<string, Head>;
  events: Map<string, TakenEvent>;
  /** command id -> body hash */
  commands: Map<string, string>;
}

/** The column arrays of the batch insert (see `insertBatch`); bigints as decimal strings. */
interface InsertRows {
  streams: string[];
  revisions: string[];
  eventIds: string[];
  types: string[];
  data: string[];
  metadata: string[];
  headStreams: string[];
  headRevisions: string[];
  headHashes: string[];
  commandIds: string[];
  bodyHashes: string[];
  commandStreams: string[];
  firstRevisions: string[];
  lastRevisions: string[];
  commandLastEventIds: string[];
  wantedEventIds: string[];
}

type Chained = ReturnType<typeof chainEvents>;

type Decision =
  | { kind: 'refused'; error: unknown }
  | { kind: 'write'; firstRevision: bigint; lastRevision: bigint; chained: Chained }
  /** A retry of an append already committed (position known) or written earlier in this batch (not yet). */
  | { kind: 'retried'; lastEventId: string; revision: bigint; position: bigint | undefined };

interface BatchPlan {
  rows: InsertRows;
  /** Each append's outcome, given the positions the insert returned. */
  outcomes(positions: ReadonlyMap<string, bigint>): Outcome[];
}

/**
 * Decides every append of a batch in queue order, as the savepoint path does one by one: an accepted
 * append moves its stream's head and takes its event ids and command id for the appends after it; a
 * refused one changes nothing. Checks in the savepoint path's order: expected revision (else a retry of
 * a committed append, else WrongExpectedRevisionError), the hash chain, the command id, then event ids.
 */
function planBatch(batch: readonly PendingAppend[], known: Known): BatchPlan {
  const heads = new Map(known.heads);
  const events = new Map(known.events);
  const commands = new Map(known.commands);
  const rows: InsertRows = {
    streams: [],
    revisions: [],
    eventIds: [],
    types: [],
    data: [],
    metadata: [],
    headStreams: [],
    headRevisions: [],
    headHashes: [],
    commandIds: [],
    bodyHashes: [],
    commandStreams: [],
    firstRevisions: [],
    lastRevisions: [],
    commandLastEventIds: [],
    wantedEventIds: [],
  };
  const decisions = batch.map((pending) => decide(pending, heads, events, commands));
  batch.forEach((pending, n) => {
    const d = decisions[n]!;
    if (d.kind === 'retried' && d.position === undefined) rows.wantedEventIds.push(d.lastEventId);
    if (d.kind !== 'write') return;
    const lastEventId = d.chained[d.chained.length - 1]!.id;
    rows.wantedEventIds.push(lastEventId);
    d.chained.forEach((event, i) => {
      rows.streams.push(pending.stream);
      rows.revisions.push((d.firstRevision + BigInt(i)).toString());
      rows.eventIds.push(event.id);
      rows.types.push(event.type);
      rows.data.push(JSON.stringify(event.data));
      rows.metadata.push(JSON.stringify(event.metadata));
    });
    if (pending.command) {
      rows.commandIds.push(pending.command.commandId);
      rows.bodyHashes.push(pending.command.bodyHash);
      rows.commandStreams.push(pending.stream);
      rows.firstRevisions.push(d.firstRevision.toString());
      rows.lastRevisions.push(d.lastRevision.toString());
      rows.commandLastEventIds.push(lastEventId);
    }
  });
  // One row per stream: the upsert may not touch a row twice. `heads` ends at each stream's last write.
  for (const stream of new Set(batch.filter((_, n) => decisions[n]!.kind === 'write').map((p) => p.stream))) {
    const head = heads.get(stream)!;
    rows.headStreams.push(stream);
    rows.headRevisions.push(head.revision.toString());
    rows.headHashes.push(head.hash);
  }
  const position = (positions: ReadonlyMap<string, bigint>, eventId: string): bigint => {
    const found = positions.get(eventId);
    if (found === undefined) throw new Error(`the batch insert returned no position for event ${eventId}`);
    return found;
  };
  return {
    rows,
    outcomes: (positions) =>
      decisions.map((d): Outcome => {
        switch (d.kind) {
          case 'refused':
            return { ok: false, error: d.error };
          case 'write':
            return {
              ok: true,
              result: {
                nextExpectedRevision: d.lastRevision,
                position: position(positions, d.chained[d.chained.length - 1]!.id),
              },
            };
          case 'retried':
            return {
              ok: true,
              result: {
                nextExpectedRevision: d.revision,
                position: d.position ?? position(positions, d.lastEventId),
                retried: true,
              },
            };
        }
      }),
  };
}

function decide(
  pending: PendingAppend,
  heads: Map<string, Head>,
  events: Map<string, TakenEvent>,
  commands: Map<string, string>,
): Decision {
  const { stream, expected, command } = pending;
  const head = heads.get(stream);
  const actual = head?.revision ?? -1n;
  if (!expectationHolds(expected, actual)) {
    const retried = retriedAppend(pending, events, commands);
    return retried ?? { kind: 'refused', error: new WrongExpectedRevisionError(stream, expected, actual) };
  }
  const firstRevision = actual + 1n;
  let chained: Chained;
  try {
    chained = chainEvents(stream, firstRevision, head?.hash ?? GENESIS_HASH, pending.events);
  } catch (error) {
    if (isPortError(error)) return { kind: 'refused', error };
    throw error;
  }
  // A command's retry may carry the same (deterministic) event ids: the command is what was repeated.
  if (command && commands.has(command.commandId)) {
    return { kind: 'refused', error: new DuplicateCommandError(command.commandId) };
  }
  const taken = pending.events.find((event) => events.has(event.id));
  if (taken) return { kind: 'refused', error: new DuplicateEventIdError(taken.id) };
  const lastRevision = firstRevision + BigInt(chained.length - 1);
  chained.forEach((event, i) => events.set(event.id, { stream, revision: firstRevision + BigInt(i) }));
  if (command) commands.set(command.commandId, command.bodyHash);
  heads.set(stream, { revision: lastRevision, hash: chained[chained.length - 1]!.metadata.hash });
  return { kind: 'write', firstRevision, lastRevision, chained };
}

/** As findRetriedAppend, against what the batch knows (stored, or written earlier in the batch). */
function retriedAppend(
  pending: PendingAppend,
  events: ReadonlyMap<string, TakenEvent>,
  commands: ReadonlyMap<string, string>,
): Decision | undefined {
  const { stream, expected, command } = pending;
  if (expected === 'exists') return undefined;
  const firstRevision = expected === 'no_stream' ? 0n : expected + 1n;
  const matches = pending.events.every((event, i) => {
    const taken = events.get(event.id);
    return taken !== undefined && taken.stream === stream && taken.revision === firstRevision + BigInt(i);
  });
  if (!matches) return undefined;
  if (command) {
    const bodyHash = commands.get(command.commandId);
    if (bodyHash !== undefined && bodyHash !== command.bodyHash) {
      return { kind: 'refused', error: new DuplicateCommandError(command.commandId) };
    }
  }
  const lastEventId = pending.events[pending.events.length - 1]!.id;
  const last = events.get(lastEventId)!;
  return { kind: 'retried', lastEventId, revision: last.revision, position: last.position };
}

type Statements = ReturnType<typeof statements>;

/**
 * One group-commit transaction. The append lock is held for as long as its round trips take, and it
 * serialises every writer of every process, so they are kept few: BEGIN with the lock, one read of what
 * the decisions need (no one else can change it while we hold the lock), one insert of every accepted
 * append, and NOTIFY with COMMIT. The savepoint path (the fallback) reads the heads instead, then spends
 * one savepoint round trip and one insert per append, moving `heads` as its appends commit.
 */
class BatchTransaction {
  private heads = new Map<string, Head>();
  private savepointOpen = false;

  constructor(
    readonly client: PoolClient,
    private readonly sql: Statements,
    private readonly lockKey: string,
  ) {}

  async begin(): Promise<void> {
    // Simple-query protocol, so both statements share one round trip; the key is a number we computed.
    await this.client.query(`BEGIN; SELECT pg_advisory_xact_lock(${BigInt(this.lockKey).toString()})`);
  }

  async readHeads(streams: string[]): Promise<void> {
    this.heads = await readHeads(this.client, this.sql, streams);
  }

  /** Everything the batch's decisions depend on, in one statement: heads, stored event ids, command ids. */
  async prefetch(batch: readonly PendingAppend[]): Promise<Known> {
    const streams = new Set<string>();
    const eventIds: string[] = [];
    const commandIds: string[] = [];
    for (const pending of batch) {
      streams.add(pending.stream);
      for (const event of pending.events) eventIds.push(event.id);
      if (pending.command) commandIds.push(pending.command.commandId);
    }
    const { rows } = await this.client.query<PrefetchRow>(
      bind(this.sql.prefetch, [[...streams], eventIds, commandIds]),
    );
    const known: Known = { heads: new Map(), events: new Map(), commands: new Map() };
    for (const row of rows) {
      if (row.kind === 's') known.heads.set(row.key, { revision: BigInt(row.revision!), hash: row.text! });
      else if (row.kind === 'e') {
        known.events.set(row.key, {
          stream: row.stream!,
          revision: BigInt(row.revision!),
          position: BigInt(row.position!),
        });
      } else known.commands.set(row.key, row.text!);
    }
    return known;
  }

  /**
   * Writes every accepted append of the plan in one statement; returns the positions of the events the
   * outcomes need (each append's last event). Arrays, not one parameter per value: the statement keeps
   * the same 16 parameters at any batch size.
   */
  async insertAll(plan: BatchPlan): Promise<Map<string, bigint>> {
    if (plan.rows.eventIds.length === 0) return new Map();
    const r = plan.rows;
    const { rows } = await this.client.query<{ event_id: string; position: string }>(
      bind(this.sql.insertBatch, [
        r.streams,
        r.revisions,
        r.eventIds,
        r.types,
        `[${r.data.join(',')}]`,
        `[${r.metadata.join(',')}]`,
        r.headStreams,
        r.headRevisions,
        r.headHashes,
        r.commandIds,
        r.bodyHashes,
        r.commandStreams,
        r.firstRevisions,
        r.lastRevisions,
        r.commandLastEventIds,
        r.wantedEventIds,
      ]),
    );
    return new Map(rows.map((row) => [row.event_id, BigInt(row.position)]));
  }

  head(stream: string): Head | undefined {
    return this.heads.get(stream);
  }

  moveHead(stream: string, head: Head): void {
    this.heads.set(stream, head);
  }

  /** Opens this append's savepoint, releasing the previous append's (which keeps its work). */
  async savepoint(): Promise<void> {
    await this.client.query(this.savepointOpen ? 'RELEASE SAVEPOINT append; SAVEPOINT append' : 'SAVEPOINT append');
    this.savepointOpen = true;
  }

  /** Undoes this append only; the savepoint stays open until the next savepoint or the commit. */
  async rollbackToSavepoint(): Promise<void> {
    await this.client.query('ROLLBACK TO SAVEPOINT append');
  }

  /** NOTIFY is delivered at commit, so listeners hear of the appends only once they are visible. */
  async commit(channel: string, lastPosition: bigint | undefined): Promise<void> {
    const notify =
      lastPosition === undefined
        ? ''
        : `SELECT pg_notify(${escapeLiteral(channel)}, ${escapeLiteral(lastPosition.toString())}); `;
    await this.client.query(`${notify}COMMIT`);
  }
}

async function readHeads(client: PoolClient, sql: Statements, streams: string[]): Promise<Map<string, Head>> {
  const { rows } = await client.query<{ stream: string; revision: string; hash: string }>(
    bind(sql.heads, [[...new Set(streams)]]),
  );
  return new Map(rows.map((row) => [row.stream, { revision: BigInt(row.revision), hash: row.hash }]));
}

// ---- connections and schema ----------------------------------------------------------------------

function createPool(options: PostgresEventStoreOptions): Pool {
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    lock_timeout: LOCK_TIMEOUT_MS,
    application_name: 'ledger-event-store',
  });
  // An idle connection that dies emits here; without a listener the process would crash. The next
  // query gets a fresh connection or reports EventStoreUnavailableError itself.
  pool.on('error', () => undefined);
  return pool;
}

/** Creates the schema once; the lock makes concurrent first starts of several processes safe. */
async function ensureSchema(pool: Pool, schema: string): Promise<void> {
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

type CheckedOut = PoolClient & { checkIn(destroy: boolean): void };

/**
 * pg-pool removes its error listener from a client while it is checked out, and a client whose connection
 * drops emits 'error': without a listener of ours that would crash the process. The failing query
 * rejects with the same error, so the listener only has to exist.
 */
async function checkOut(pool: Pool): Promise<CheckedOut> {
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
function advisoryKey(name: string): string {
  return createHash('sha256').update(`ledger-event-store:${name}`).digest().readBigInt64BE(0).toString();
}

/**
 * The LISTEN connection. Lives outside the pool (a pooled connection would be handed to queries) and
 * reconnects after a loss; notifications missed meanwhile only cost latency, since every subscriber
 * wait is bounded by the poll interval, and a reconnect wakes everyone to re-poll.
 */
class NotificationListener {
  private client: Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly options: PostgresEventStoreOptions,
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

// ---- SQL ---------------------------------------------------------------------------------------------

/** Named statements: parsed once per connection, and PostgreSQL may cache their plans. */
interface Statement {
  name: string;
  text: string;
}

/** A fresh config per call: pg writes `values` onto the object it is given. */
function bind(statement: Statement, values: unknown[]): Statement & { values: unknown[] } {
  return { ...statement, values };
}

function statements(schema: string) {
  const s = `"${schema}"`;
  const named = (name: string, text: string): Statement => ({ name: `event_store_${name}`, text });
  return {
    heads: named('heads', `SELECT stream, revision, hash FROM ${s}.streams WHERE stream = ANY($1::text[])`),
    eventsById: named(
      'events_by_id',
      `SELECT event_id, stream, revision, position FROM ${s}.events WHERE event_id = ANY($1::text[])`,
    ),
    // One statement per append. `inserted` is ordered by revision so positions follow revisions; the
    // command row reads max(position) from `inserted`, so it is written after the events.
    insert: named(
      'insert',
      `
      WITH input AS (
        SELECT u.event_id, u.type, u.data::jsonb AS data, u.metadata::jsonb AS metadata, u.ord
        FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS u(event_id, type, data, metadata, ord)
      ), inserted AS (
        INSERT INTO ${s}.events (event_id, stream, revision, type, data, metadata)
        SELECT event_id, $1, $2::bigint + ord - 1, type, data, metadata FROM input ORDER BY ord
        RETURNING position
      ), head AS (
        INSERT INTO ${s}.streams (stream, revision, hash) VALUES ($1, $7::bigint, $8)
        ON CONFLICT (stream) DO UPDATE SET revision = EXCLUDED.revision, hash = EXCLUDED.hash
      ), command AS (
        INSERT INTO ${s}.commands (command_id, body_hash, stream, first_revision, last_revision, position)
        SELECT $9::text, $10::text, $1, $2::bigint, $7::bigint, (SELECT max(position) FROM inserted)
        WHERE $9::text IS NOT NULL
      )
      SELECT max(position) AS position FROM inserted`,
    ),
    // One row per thing found: 's' a stream head, 'e' a stored event id, 'c' a recorded command id.
    prefetch: named(
      'prefetch',
      `
      SELECT 's' AS kind, stream AS key, NULL::text AS stream, revision, hash AS text, NULL::bigint AS position
        FROM ${s}.streams WHERE stream = ANY($1::text[])
      UNION ALL
      SELECT 'e', event_id, stream, revision, NULL, position FROM ${s}.events WHERE event_id = ANY($2::text[])
      UNION ALL
      SELECT 'c', command_id, NULL, NULL, body_hash, NULL FROM ${s}.commands WHERE command_id = ANY($3::text[])`,
    ),
    // Every accepted append of a batch. Rows are inserted in `ord` order, so positions follow the queue
    // order (and revisions within each stream); each command row takes its append's last event's position.
    // data and metadata come as one JSON array each: no text[] escaping to undo (measured: the statement
    // took ~30 % less time than with text[] and a ::jsonb cast per element).
    insertBatch: named(
      'insert_batch',
      `
      WITH input AS (
        SELECT * FROM ROWS FROM (
          unnest($1::text[]), unnest($2::bigint[]), unnest($3::text[]), unnest($4::text[]),
          jsonb_array_elements($5::jsonb), jsonb_array_elements($6::jsonb)
        ) WITH ORDINALITY AS u(stream, revision, event_id, type, data, metadata, ord)
      ), inserted AS (
        INSERT INTO ${s}.events (event_id, stream, revision, type, data, metadata)
        SELECT event_id, stream, revision, type, data, metadata FROM input ORDER BY ord
        RETURNING event_id, position
      ), heads AS (
        INSERT INTO ${s}.streams (stream, revision, hash)
        SELECT * FROM unnest($7::text[], $8::bigint[], $9::text[])
        ON CONFLICT (stream) DO UPDATE SET revision = EXCLUDED.revision, hash = EXCLUDED.hash
      ), commands AS (
        INSERT INTO ${s}.commands (command_id, body_hash, stream, first_revision, last_revision, position)
        SELECT c.command_id, c.body_hash, c.stream, c.first_revision, c.last_revision, i.position
        FROM unnest($10::text[], $11::text[], $12::text[], $13::bigint[], $14::bigint[], $15::text[])
          AS c(command_id, body_hash, stream, first_revision, last_revision, last_event_id)
        JOIN inserted i ON i.event_id = c.last_event_id
      )
      SELECT event_id, position FROM inserted WHERE event_id = ANY($16::text[])`,
    ),
    findCommand: named(
      'find_command',
      `SELECT command_id, body_hash, stream, first_revision, last_revision, position FROM ${s}.commands WHERE command_id = $1`,
    ),
    headPosition: named('head_position', `SELECT max(position) AS position FROM ${s}.events`),
    readStreamForwards: named(
      'read_stream_forwards',
      `SELECT * FROM ${s}.events WHERE stream = $1 AND revision >= $2::bigint ORDER BY revision ASC LIMIT $3`,
    ),
    readStreamBackwards: named(
      'read_stream_backwards',
      `SELECT * FROM ${s}.events WHERE stream = $1 AND ($2::bigint IS NULL OR revision <= $2::bigint) ORDER BY revision DESC LIMIT $3`,
    ),
  };
}

function readAllQuery(schema: string, options: ReadAllOptions): { text: string; values: unknown[] } {
  const backwards = options.direction === 'backwards';
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  if (backwards && options.before !== undefined) where.push(`position < ${param(options.before.toString())}::bigint`);
  if (!backwards && options.after !== undefined) where.push(`position > ${param(options.after.toString())}::bigint`);
  where.push(...filterClauses(options.filter, param));
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const text = `SELECT * FROM "${schema}".events ${clause} ORDER BY position ${backwards ? 'DESC' : 'ASC'} LIMIT ${param(options.limit)}`;
  return { text, values };
}

function filterClauses(filter: AllFilter | undefined, param: (value: unknown) => string): string[] {
  if (!filter) return [];
  const clauses: string[] = [];
  if (filter.eventTypes) {
    if (filter.eventTypes.length === 0 || filter.eventTypes.length > MAX_FILTER_TYPES) {
      throw new EventStoreArgumentError(`filter.eventTypes takes 1..${MAX_FILTER_TYPES} types`);
    }
    clauses.push(`type = ANY(${param([...filter.eventTypes])}::text[])`);
  }
  if (filter.streamPrefix !== undefined) {
    // LIKE with the prefix escaped, so '%' and '_' in stream names match literally. stream is
    // COLLATE "C", so the planner may also answer a selective prefix from the (stream, revision) index.
    clauses.push(`stream LIKE ${param(`${escapeLike(filter.streamPrefix)}%`)} ESCAPE '!'`);
  }
  return clauses;
}

function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

// ---- validation, mapping, errors ---------------------------------------------------------------

/** Checks the port's limits before anything is queued; returns the payload bytes for batch sizing. */
function settle(pending: PendingAppend, outcome: Outcome): void {
  if (outcome.ok) pending.resolve(outcome.result);
  else pending.reject(outcome.error);
}

function lastPosition(outcomes: Outcome[]): bigint | undefined {
  let last: bigint | undefined;
  for (const o of outcomes) if (o.ok && (last === undefined || o.result.position > last)) last = o.result.position;
  return last;
}

const PORT_ERRORS = [WrongExpectedRevisionError, DuplicateEventIdError, DuplicateCommandError, EventStoreArgumentError];

function isPortError(error: unknown): boolean {
  return PORT_ERRORS.some((type) => error instanceof type);
}

/**
 * What one append may fail with without failing its batch: the port's own refusals, and PostgreSQL data
 * (class 22, e.g. \u0000 in jsonb) or constraint (class 23) errors, which a savepoint rollback contains.
 */
function isAppendRefusal(error: unknown): boolean {
  if (isPortError(error)) return true;
  return (
    error instanceof DatabaseError && (error.code?.startsWith('22') === true || error.code?.startsWith('23') === true)
  );
}

/** Everything that is not the caller's fault is "the store failed": EventStoreUnavailableError, a 503. */
function toStoreError(error: unknown): unknown {
  if (isPortError(error) || error instanceof EventStoreUnavailableError) return error;
  if (error instanceof DatabaseError && error.code?.startsWith('22')) {
    return new EventStoreArgumentError(`PostgreSQL refused the input: ${error.message}`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new EventStoreUnavailableError(`PostgreSQL event store unavailable: ${detail}`, { cause: error });
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    stream: row.stream,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}

function toCommandRecord(row: CommandRow): CommandRecord {
  return {
    commandId: row.command_id,
    bodyHash: row.body_hash,
    stream: row.stream,
    firstRevision: BigInt(row.first_revision),
    lastRevision: BigInt(row.last_revision),
    position: BigInt(row.position),
  };
}
