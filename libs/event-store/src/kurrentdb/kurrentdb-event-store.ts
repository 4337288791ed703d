import { END, KurrentDBClient, START, type ReadRevision } from '@kurrent/kurrentdb-client';
import type {
  AppendOptions,
  AppendResult,
  CommandRecord,
  EventHandler,
  EventStore,
  ExpectedRevision,
  ImportEvent,
  ImportResult,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  RecordedEventImport,
  SubscribeAllOptions,
  Subscription,
  SubscriptionCallbacks,
} from '../event-store.port';
import {
  DuplicateCommandError,
  EventStoreArgumentError,
  EventStoreUnavailableError,
  EventStoreUnsupportedError,
} from '../errors';
import {
  COMMAND_RECORDED_TYPE,
  DEFAULT_RETRY_POLICY,
  KurrentDbDataError,
  assertRevision,
  checkLimit,
  commandStreamName,
  describeError,
  isSameAppend,
  prepareAppend,
  readAllPaged,
  serverFilterFor,
  toCommandRecord,
  validateExpected,
  validateFilter,
  type RetryPolicy,
} from './mapping';
import { KurrentDbAppends } from './kurrentdb-append';
import { KurrentDbReads, withTimeout } from './kurrentdb-reads';
import { KurrentDbSubscription } from './kurrentdb-subscription';

export interface KurrentDbEventStoreOptions {
  /** e.g. `kurrentdb://localhost:2113?tls=false` (insecure test server) or a `kurrentdb+discover://` cluster. */
  connectionString: string;
  /** Resubscription after a dropped subscription: bounded exponential back-off. */
  subscriptionRetry?: Partial<RetryPolicy>;
  /** ping() gives up after this long (the client's reads carry no deadline of their own). Default 5 s. */
  pingTimeoutMs?: number;
  /** How often an 'exists' append re-reads the head after losing a race to another writer. Default 5. */
  existsAttempts?: number;
}

const DEFAULT_PING_TIMEOUT_MS = 5_000;
const DEFAULT_EXISTS_ATTEMPTS = 5;

/**
 * The event-store port on KurrentDB (server 25.0; client @kurrent/kurrentdb-client 1.3).
 *
 * - Streams map 1:1 to KurrentDB streams; revisions are KurrentDB stream revisions; positions are $all commit
 *   positions (see mapping.ts for why one bigint is enough).
 * - Every append reads the event it follows (for the hash chain) and then appends with an exact stream state,
 *   so the read-then-append cannot interleave with another writer: the server rejects the loser.
 * - Command records live in one stream per command id (`ledger-command-{id}`), written after the domain append
 *   because KurrentDB before 25.1 has no multi-stream transaction (see appendWithCommand for the window).
 * - readAll, headPosition and subscriptions never show $ events nor the command-record streams, so the
 *   global log looks exactly like the SQL stores' events table.
 */
export class KurrentDbEventStore implements EventStore, RecordedEventImport {
  readonly kind = 'kurrentdb' as const;
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly subscriptions = new Set<KurrentDbSubscription>();
  private readonly retry: RetryPolicy;
  private readonly pingTimeoutMs: number;
  private readonly reads: KurrentDbReads;
  private readonly appends: KurrentDbAppends;

  private constructor(
    private readonly client: KurrentDBClient,
    options: KurrentDbEventStoreOptions,
  ) {
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.subscriptionRetry };
    this.pingTimeoutMs = options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
    this.reads = new KurrentDbReads(client);
    const existsAttempts = Math.max(1, options.existsAttempts ?? DEFAULT_EXISTS_ATTEMPTS);
    this.appends = new KurrentDbAppends(client, this.reads, existsAttempts);
  }

  /** Parses the connection string; the client connects lazily, so an unreachable server shows in ping(). */
  static async open(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    let client: KurrentDBClient;
    try {
      client = KurrentDBClient.connectionString(options.connectionString);
    } catch (error) {
      throw new EventStoreArgumentError(`invalid KurrentDB connection string: ${describeError(error)}`);
    }
    return new KurrentDbEventStore(client, options);
  }

  // ------------------------------------------------------------------------------------------------------
  // append
  // ------------------------------------------------------------------------------------------------------

  async append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    options?: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    const prepared = prepareAppend(stream, events);
    validateExpected(expected);
    const command = options?.command;
    if (command) {
      commandStreamName(command.commandId); // validates the id before anything is written
      if (typeof command.bodyHash !== 'string' || command.bodyHash.length === 0) {
        throw new EventStoreArgumentError('command.bodyHash must be a non-empty string');
      }
    }
    return this.track(this.appendWithCommand(stream, prepared, expected, command));
  }

  /**
   * The command record is a second write, after the domain append. KurrentDB 25.0 has no atomic multi-stream
   * append (multiStreamAppend needs 25.1), so there is a window:
   * - a crash between the two writes leaves the domain events without a record. A retry of the same command
   *   repeats the domain append with the same event ids at the same revision (the server answers with the
   *   original result) and then writes the record, so retries heal it; the application also carries the
   *   commandId in every event's metadata, so an audit can always match events to commands;
   * - two different appends racing with one command id both pass the findCommand check; both domain appends
   *   commit, and the loser fails at the record (NO_STREAM) with DuplicateCommandError. Its events stay in
   *   its stream, recognisable by the commandId in their metadata.
   * The SQL stores close both gaps with one transaction; here they are narrowed, not closed.
   */
  private async appendWithCommand(
    stream: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    command: { commandId: string; bodyHash: string } | undefined,
  ): Promise<AppendResult> {
    if (command) {
      const existing = await this.findCommand(command.commandId);
      if (existing) {
        if (isSameAppend(existing, command, stream, expected, events.length)) {
          return { nextExpectedRevision: existing.lastRevision, position: existing.position };
        }
        throw new DuplicateCommandError(command.commandId);
      }
    }
    const written = await this.appends.appendDomain(stream, events, expected);
    if (command) {
      await this.appends.recordCommand({
        commandId: command.commandId,
        bodyHash: command.bodyHash,
        stream,
        firstRevision: written.firstRevision,
        lastRevision: written.lastRevision,
        position: written.position,
      });
    }
    return { nextExpectedRevision: written.lastRevision, position: written.position };
  }

  /**
   * KurrentDB assigns every position itself (a log offset), so recorded positions cannot be kept: an
   * import would renumber them and the copy's as-of-position reads would differ. Refused, never emulated.
   */
  async importRecorded(_events: readonly ImportEvent[]): Promise<ImportResult> {
    throw new EventStoreUnsupportedError(
      'KurrentDB cannot import events at their recorded positions (it assigns positions itself); import into SQLite or PostgreSQL',
    );
  }

  // ------------------------------------------------------------------------------------------------------
  // reads
  // ------------------------------------------------------------------------------------------------------

  async readStream(stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    checkLimit(options.limit);
    if (options.fromRevision !== undefined) assertRevision(options.fromRevision, 'fromRevision');
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const from: ReadRevision = options.fromRevision ?? (backwards ? END : START);
    return this.reads.readStreamRaw(stream, from, backwards, options.limit);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    checkLimit(options.limit);
    validateFilter(options.filter);
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const serverFilter = serverFilterFor(options.filter);
    return readAllPaged(
      (from, maxCount) => this.reads.readAllBatch(from, backwards, maxCount, serverFilter, options.filter),
      options,
    );
  }

  async findCommand(commandId: string): Promise<CommandRecord | undefined> {
    const stream = commandStreamName(commandId);
    this.assertOpen();
    const [event] = await this.reads.readStreamRaw(stream, START, false, 1);
    if (!event) return undefined;
    if (event.type !== COMMAND_RECORDED_TYPE) {
      throw new KurrentDbDataError(`stream ${stream} starts with ${event.type}, not ${COMMAND_RECORDED_TYPE}`);
    }
    return toCommandRecord(event.data);
  }

  async headPosition(): Promise<bigint> {
    const [last] = await this.readAll({ direction: 'backwards', limit: 1 });
    return last?.position ?? -1n;
  }

  /** The cheapest round trip there is: the last record of $all, whatever it is. */
  async ping(): Promise<void> {
    this.assertOpen();
    try {
      await withTimeout(this.reads.readLastRecord(), this.pingTimeoutMs, `no answer within ${this.pingTimeoutMs} ms`);
    } catch (error) {
      throw new EventStoreUnavailableError(`KurrentDB is unreachable: ${describeError(error)}`, { cause: error });
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // subscriptions and lifecycle
  // ------------------------------------------------------------------------------------------------------

  subscribeAll(
    options: SubscribeAllOptions,
    handler: EventHandler,
    callbacks: SubscriptionCallbacks = {},
  ): Subscription {
    this.assertOpen();
    validateFilter(options.filter);
    const subscription = new KurrentDbSubscription(this.client, options, handler, callbacks, this.retry, (finished) =>
      this.subscriptions.delete(finished),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Waits for in-flight appends, stops subscriptions, then disposes the client (or jest never exits: #283). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      await Promise.allSettled([...this.inFlight]);
      await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.stop()));
      await this.client.dispose();
    })();
    return this.closing;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const forget = (): void => {
      this.inFlight.delete(work);
    };
    work.then(forget, forget);
    return work;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('the KurrentDB store is closed');
  }
}
