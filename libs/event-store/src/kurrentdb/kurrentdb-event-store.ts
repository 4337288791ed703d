import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendResult as ClientAppendResult,
  type Filter,
  type ReadPosition,
  type ReadRevision,
} from '@kurrent/kurrentdb-client';
import {
  GENESIS_HASH,
  type AllFilter,
  type AppendOptions,
  type AppendResult,
  type CommandRecord,
  type EventHandler,
  type EventStore,
  type ExpectedRevision,
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
  EventStoreArgumentError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../errors';
import { chainEvents } from '../hash-chain';
import {
  COMMAND_RECORDED_TYPE,
  DEFAULT_RETRY_POLICY,
  KurrentDbDataError,
  UNKNOWN_POSITION,
  appendStreamState,
  assertRevision,
  backoffDelayMs,
  chainHashOf,
  checkLimit,
  commandRecordedEvent,
  commandStreamName,
  describeError,
  describeRecord,
  isAfterCheckpoint,
  isRetryableSubscriptionError,
  isSameAppend,
  isStreamNotFound,
  isWrongExpectedVersion,
  mapStoreError,
  matchesFilter,
  prepareAppend,
  readAllPaged,
  serverFilterFor,
  startAfter,
  toCommandRecord,
  toEventData,
  toRecordedEvent,
  toWrongExpectedRevision,
  validateExpected,
  validateFilter,
  type LogItem,
  type RetryPolicy,
  type StreamBase,
} from './mapping';

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

/** What a domain append wrote (or found already written, for a retry). */
interface Written {
  firstRevision: bigint;
  lastRevision: bigint;
  position: bigint;
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
export class KurrentDbEventStore implements EventStore {
  readonly kind = 'kurrentdb' as const;
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly subscriptions = new Set<KurrentDbSubscription>();
  private readonly retry: RetryPolicy;
  private readonly pingTimeoutMs: number;
  private readonly existsAttempts: number;

  private constructor(
    private readonly client: KurrentDBClient,
    options: KurrentDbEventStoreOptions,
  ) {
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.subscriptionRetry };
    this.pingTimeoutMs = options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
    this.existsAttempts = Math.max(1, options.existsAttempts ?? DEFAULT_EXISTS_ATTEMPTS);
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
    const written = await this.appendDomain(stream, events, expected);
    if (command) {
      await this.recordCommand({
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

  private async appendDomain(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<Written> {
    for (let attempt = 1; ; attempt += 1) {
      const base = await this.streamBase(stream, expected);
      if (expected === 'exists' && base.head) {
        const retried = await this.retriedAppend(stream, events, base.head);
        if (retried) return retried;
      }
      const chained = chainEvents(stream, base.revision + 1n, base.hash, events);
      let result: ClientAppendResult;
      try {
        result = await this.client.appendToStream(stream, chained.map(toEventData), {
          streamState: appendStreamState(expected, base),
        });
      } catch (error) {
        if (isWrongExpectedVersion(error)) {
          // 'exists' was pinned to the head we read; another writer moved it, so read again and re-chain.
          if (expected === 'exists' && attempt < this.existsAttempts) continue;
          throw toWrongExpectedRevision(stream, expected, error);
        }
        throw mapStoreError(error, `append to ${stream}`);
      }
      if (!result.success) {
        // Only with throwOnAppendFailure=false, which this adapter never sets; kept so a change there cannot
        // turn a rejected append into a success.
        throw new WrongExpectedRevisionError(
          stream,
          expected,
          result.nextExpectedRevision < 0n ? -1n : result.nextExpectedRevision,
        );
      }
      // For a retry (same ids at the same revision) the server answers with the original revisions and the
      // position of the original last event, so both cases come out the same.
      const lastRevision = result.nextExpectedRevision;
      const firstRevision = lastRevision - BigInt(events.length - 1);
      const reported = result.position?.commit;
      const position =
        reported !== undefined && reported >= 0n && reported < UNKNOWN_POSITION
          ? reported
          : await this.positionOfRevision(stream, lastRevision);
      return { firstRevision, lastRevision, position };
    }
  }

  /**
   * The event the new batch follows. An exact expectation reads exactly that event: when the stream has moved
   * on, the chain is still computed from it, so a retried append re-creates the very same events and the
   * server recognises them (idempotent), while a stale writer is rejected by the server with the actual
   * revision. Nothing is ever appended on a guessed hash.
   */
  private async streamBase(stream: string, expected: ExpectedRevision): Promise<StreamBase & { head?: RecordedEvent }> {
    if (expected === 'no_stream') return { revision: -1n, hash: GENESIS_HASH };
    if (expected === 'exists') {
      const head = await this.readOne(stream, END);
      if (!head) throw new WrongExpectedRevisionError(stream, expected, -1n);
      return { revision: head.revision, hash: chainHashOf(head), head };
    }
    const atExpected = await this.readOne(stream, expected);
    if (atExpected?.revision === expected) return { revision: expected, hash: chainHashOf(atExpected) };
    // The stream is shorter than expected (or missing): name its real head, as the SQL stores do.
    const head = await this.readOne(stream, END);
    if (head?.revision === expected) return { revision: expected, hash: chainHashOf(head) };
    throw new WrongExpectedRevisionError(stream, expected, head?.revision ?? -1n);
  }

  /**
   * 'exists' pins the stream state to the head just read, and the server checks idempotency only for
   * expectations older than the head. A retried 'exists' append whose events are already the head is
   * recognised here instead, so it returns the first result rather than writing the events twice.
   */
  private async retriedAppend(stream: string, events: NewEvent[], head: RecordedEvent): Promise<Written | undefined> {
    const count = BigInt(events.length);
    if (head.id !== events[events.length - 1]!.id || head.revision + 1n < count) return undefined;
    const firstRevision = head.revision + 1n - count;
    const stored = await this.readStream(stream, { fromRevision: firstRevision, limit: events.length });
    if (stored.length !== events.length || stored.some((event, index) => event.id !== events[index]!.id))
      return undefined;
    return { firstRevision, lastRevision: head.revision, position: head.position };
  }

  /** Fallback when the server did not report a position: the last event's own, read back. */
  private async positionOfRevision(stream: string, revision: bigint): Promise<bigint> {
    const event = await this.readOne(stream, revision);
    if (event?.revision !== revision) {
      throw new KurrentDbDataError(`stream ${stream}: revision ${revision} was acknowledged but cannot be read back`);
    }
    return event.position;
  }

  private async recordCommand(record: CommandRecord): Promise<void> {
    const stream = commandStreamName(record.commandId);
    const chained = chainEvents(stream, 0n, GENESIS_HASH, [commandRecordedEvent(record)]);
    try {
      // NO_STREAM: the first record for a command id wins. The same record again has the same event id and
      // the server answers it as the original write.
      await this.client.appendToStream(stream, chained.map(toEventData), { streamState: NO_STREAM });
    } catch (error) {
      if (isWrongExpectedVersion(error)) throw new DuplicateCommandError(record.commandId);
      throw mapStoreError(error, `recording command ${record.commandId}`);
    }
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
    return this.readStreamRaw(stream, from, backwards, options.limit);
  }

  private async readStreamRaw(
    stream: string,
    from: ReadRevision,
    backwards: boolean,
    limit: number,
  ): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(stream, {
        fromRevision: from,
        direction: backwards ? BACKWARDS : FORWARDS,
        maxCount: BigInt(limit),
      });
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw mapStoreError(error, `reading ${stream}`);
    }
    return events;
  }

  /** One event, read backwards from a revision (or the end): that event, or the head below it. */
  private async readOne(stream: string, from: bigint | typeof END): Promise<RecordedEvent | undefined> {
    const [event] = await this.readStreamRaw(stream, from, true, 1);
    return event;
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    checkLimit(options.limit);
    validateFilter(options.filter);
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const serverFilter = serverFilterFor(options.filter);
    return readAllPaged(
      (from, maxCount) => this.readAllBatch(from, backwards, maxCount, serverFilter, options.filter),
      options,
    );
  }

  private async readAllBatch(
    from: ReadPosition,
    backwards: boolean,
    maxCount: number,
    serverFilter: Filter,
    filter: AllFilter | undefined,
  ): Promise<Array<LogItem<RecordedEvent>>> {
    const items: Array<LogItem<RecordedEvent>> = [];
    try {
      const read = this.client.readAll({
        fromPosition: from,
        direction: backwards ? BACKWARDS : FORWARDS,
        maxCount: BigInt(maxCount),
        filter: serverFilter,
      });
      for await (const resolved of read) items.push(toLogItem(resolved, filter));
    } catch (error) {
      throw mapStoreError(error, 'reading $all');
    }
    return items;
  }

  async findCommand(commandId: string): Promise<CommandRecord | undefined> {
    const stream = commandStreamName(commandId);
    this.assertOpen();
    const [event] = await this.readStreamRaw(stream, START, false, 1);
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
      await withTimeout(this.readLastRecord(), this.pingTimeoutMs, `no answer within ${this.pingTimeoutMs} ms`);
    } catch (error) {
      throw new EventStoreUnavailableError(`KurrentDB is unreachable: ${describeError(error)}`, { cause: error });
    }
  }

  private async readLastRecord(): Promise<void> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1n })) {
      void resolved;
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

function toLogItem(resolved: AllStreamResolvedEvent, filter: AllFilter | undefined): LogItem<RecordedEvent> {
  const record = describeRecord(resolved);
  if (!record) throw new KurrentDbDataError('KurrentDB sent a $all record without a position');
  // Only events the page will return are converted: a binary event in a system stream, or in a stream the
  // filter leaves out, must not fail the read.
  const value =
    resolved.event && matchesFilter(filter, record.stream, record.type) ? toRecordedEvent(resolved) : undefined;
  return { ...record, value };
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  work.catch(() => undefined); // a late failure after the timeout must not become an unhandled rejection
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A handler failure: stops the subscription, never retried (the caller resubscribes from its checkpoint). */
class HandlerFailure extends Error {
  constructor(readonly original: unknown) {
    super('subscription handler failed');
  }
}

const UNSUBSCRIBE_GRACE_MS = 2_000;

/**
 * subscribeToAll in a resubscribe loop. The client does not restart a dropped catch-up subscription, so the
 * loop does: from the position of the last event actually handled, after a bounded exponential back-off,
 * giving up (onError) after maxAttempts consecutive failures. Server checkpoints are never used as a resume
 * point (KurrentDB#3697, #4970): the loop's own checkpoint only moves past events it handled or filtered out.
 */
class KurrentDbSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  private markCaughtUp!: () => void;
  private stopped = false;
  private current: AllStreamSubscription | undefined;
  private wake: (() => void) | undefined;
  private readonly loop: Promise<void>;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly options: SubscribeAllOptions,
    private readonly handler: EventHandler,
    private readonly callbacks: SubscriptionCallbacks,
    private readonly retry: RetryPolicy,
    private readonly onFinished: (subscription: KurrentDbSubscription) => void,
  ) {
    this.caughtUp = new Promise((resolve) => (this.markCaughtUp = resolve));
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const current = this.current;
    if (current) await cancel(current);
    await this.loop;
  }

  private async run(): Promise<void> {
    // `options.batchSize` has no equivalent: the server pushes, and the client's stream buffer (16 events,
    // objectMode highWaterMark) applies back-pressure while the handler is busy.
    let checkpoint = this.options.after !== undefined && this.options.after >= 0n ? this.options.after : undefined;
    const filter = serverFilterFor(this.options.filter);
    let failures = 0;
    try {
      while (!this.stopped) {
        const subscription = this.client.subscribeToAll({ fromPosition: startAfter(checkpoint), filter });
        this.current = subscription;
        // The iterator below reports errors; this listener only keeps an 'error' emitted after the loop has
        // left the iterator (e.g. while cancelling) from becoming an uncaught exception.
        subscription.on('error', () => undefined);
        subscription.on('caughtUp', () => {
          failures = 0;
          this.markCaughtUp();
        });
        let dropped: unknown;
        try {
          for await (const resolved of subscription) {
            if (this.stopped) break;
            failures = 0;
            const record = describeRecord(resolved);
            if (!record || !isAfterCheckpoint(record.position, checkpoint)) continue;
            if (!resolved.event || !matchesFilter(this.options.filter, record.stream, record.type)) {
              checkpoint = record.position; // nothing to hand over, but no reason to read it again after a drop
              continue;
            }
            const event = toRecordedEvent(resolved);
            if (!event) continue;
            try {
              await this.handler(event);
            } catch (error) {
              throw new HandlerFailure(error);
            }
            checkpoint = record.position;
          }
          if (!this.stopped) dropped = new EventStoreUnavailableError('KurrentDB ended the subscription');
        } catch (error) {
          dropped = error;
        } finally {
          await cancel(subscription);
          if (this.current === subscription) this.current = undefined;
        }
        if (this.stopped) return;
        if (dropped instanceof HandlerFailure || !isRetryableSubscriptionError(dropped)) throw dropped;
        failures += 1;
        if (failures > this.retry.maxAttempts) {
          throw new EventStoreUnavailableError(
            `KurrentDB subscription dropped ${failures} times in a row; last error: ${describeError(dropped)}`,
            { cause: dropped },
          );
        }
        await this.sleep(backoffDelayMs(failures, this.retry));
      }
    } catch (error) {
      if (!this.stopped) {
        this.stopped = true;
        this.callbacks.onError?.(
          error instanceof HandlerFailure ? error.original : mapStoreError(error, 'subscription'),
        );
      }
    } finally {
      this.markCaughtUp(); // nobody awaiting caughtUp waits forever on a dead subscription
      this.onFinished(this);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

/**
 * Cancels the gRPC call and ends the stream. unsubscribe() waits for the call to exist, which can take as long
 * as the client's connection attempt, so it gets a grace period; destroy() then ends the iterator regardless.
 */
async function cancel(subscription: AllStreamSubscription): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      subscription.unsubscribe().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, UNSUBSCRIBE_GRACE_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    subscription.destroy();
  }
}
