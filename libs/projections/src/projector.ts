import {
  MAX_PAGE_SIZE,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@ledger/event-store';
import { BusyError } from '@ledger/kernel';
import { HeadTracker } from './head-tracker';
import type { Projection, ProjectionSnapshot, SnapshotStore } from './projection';
import { recordedAtOf } from './recorded-at';

export { recordedAtOf } from './recorded-at';

export interface ProjectorOptions {
  /** Save a snapshot after this many events (and on stop). */
  snapshotEveryEvents?: number;
  /** ... or after this long with unsaved events. */
  snapshotEveryMs?: number;
  /** Resubscribe back-off bounds after a subscription error. */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** Called for each failure; the projector resubscribes from its checkpoint. */
  onError?: (error: unknown) => void;
  /** false: ignore any snapshot and fold from the first event (a rebuild). */
  restore?: boolean;
  /** Keep an as-of snapshot every this many events (0: none). As-of reads fold from the nearest one. */
  historyEveryEvents?: number;
  /** At most this many read-your-writes waits at once (waitFor); past it a wait is refused with BusyError. */
  maxWaiters?: number;
}

/** What the final snapshot did: nothing to save, saved, or left out because it would overrun the deadline. */
export type FinalSnapshotOutcome = 'unchanged' | 'saved' | 'skipped';

export interface ProjectionStatus {
  name: string;
  version: number;
  /** Position of the last event applied; "-1" before the first. */
  checkpoint: string;
  eventsApplied: number;
  head: string;
  lagPositions: string;
  /** Seconds between the newest event in the store and the last event applied (0 when caught up). */
  lagSeconds: number;
  restarts: number;
  running: boolean;
}

/** A live snapshot waits at least this many times as long as the previous one took (<= ~5 % of the time). */
const SAVE_COST_SHARE = 20;

// Catch-up snapshots by time, mostly: a large state costs tens of ms to serialise, so not every 5k events.
/**
 * Read-your-writes waiters per projection (a timer and a closure each). 10,000 is ~30x what 16 callers x
 * a 2 s waitMs produce at B5's throughput; a burst past it is refused (503 STORE_BUSY, Retry-After) rather
 * than held in memory without limit.
 */
export const DEFAULT_MAX_WAITERS = 10_000;

/** The name a refused wait carries in its BusyError (and so in the 503 problem's detail). */
export const READ_YOUR_WRITES_QUEUE = 'read-your-writes';

const DEFAULTS = {
  maxWaiters: DEFAULT_MAX_WAITERS,
  snapshotEveryEvents: 50_000,
  snapshotEveryMs: 5_000,
  retryMinMs: 100,
  retryMaxMs: 5_000,
  restore: true,
  historyEveryEvents: 0,
};

interface Waiter {
  position: bigint;
  resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
}

/**
 * Runs one projection: restores its snapshot (state and checkpoint together), subscribes to the
 * global log after the checkpoint, applies events one at a time, and snapshots periodically.
 * After a crash it resumes from the last snapshot: events after its checkpoint are applied again
 * into the snapshot's state, so none is skipped and none is applied twice.
 */
export class Projector<State> {
  private state: State;
  private checkpoint = -1n;
  private checkpointRecordedAt: string | null = null;
  private maxRecordedAt: string | null = null;
  private intervalMinRecordedAt: string | null = null;
  private eventsApplied = 0;
  private unsavedEvents = 0;
  private lastSaveCostMs = 0;
  private lastSaveMs = Date.now();
  private subscription: Subscription | undefined;
  private running = false;
  private detached = false;
  private restarts = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private waiters: Waiter[] = [];
  /** The final snapshot was taken (or given up at a deadline): a later stop() does not save again. */
  private finalised = false;
  private heads: HeadTracker;
  private readonly options: Required<Omit<ProjectorOptions, 'onError'>> & Pick<ProjectorOptions, 'onError'>;

  constructor(
    readonly projection: Projection<State>,
    private readonly store: EventStore,
    private readonly snapshots: SnapshotStore,
    options: ProjectorOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.state = projection.initialState();
    this.heads = new HeadTracker(store);
  }

  /** A ProjectorGroup shares one head lookup among its projectors (see HeadTracker). */
  shareHeads(heads: HeadTracker): void {
    this.heads = heads;
  }

  /** Restores the snapshot and subscribes to the log on its own (a rebuild, or a lone projection). */
  async start(): Promise<void> {
    await this.attach();
    this.subscribe();
  }

  /** Restores the snapshot without subscribing: a ProjectorGroup delivers the events through receive(). */
  async attach(): Promise<void> {
    if (this.options.restore) await this.restore();
    this.running = true;
    this.finalised = false;
  }

  /** Stops its own subscription but stays live: from now on a ProjectorGroup delivers the events. */
  async detach(): Promise<void> {
    this.detached = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /** The position of the last event applied (-1 before the first). */
  get position(): bigint {
    return this.checkpoint;
  }

  /** Resolves when the projection has caught up with the store's head as of now. */
  async caughtUp(timeoutMs = 60_000): Promise<boolean> {
    return this.waitFor(await this.store.headPosition(), timeoutMs);
  }

  /**
   * Read-your-writes: resolves true once the events up to `position` are applied, false on timeout.
   * Rejects with BusyError (queue 'read-your-writes') when maxWaiters waits are already pending.
   */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.checkpoint >= position) return Promise.resolve(true);
    if (this.waiters.length >= this.options.maxWaiters) {
      return Promise.reject(new BusyError(READ_YOUR_WRITES_QUEUE, this.options.maxWaiters));
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** The live state and the position it reflects. Callers must not mutate the state. */
  current(): { state: State; checkpoint: bigint } {
    return { state: this.state, checkpoint: this.checkpoint };
  }

  /**
   * The lag figures: the checkpoint and its recordedAt are kept as events are applied, the head comes from
   * the (shared) HeadTracker, and the log is read only while the projection lags (at most once a second).
   */
  async status(): Promise<ProjectionStatus> {
    const head = await this.heads.head();
    const lagPositions = head > this.checkpoint ? head - this.checkpoint : 0n;
    const lagSeconds = lagPositions > 0n ? this.secondsBehind(await this.heads.newestRecordedAt(head)) : 0;
    return {
      name: this.projection.name,
      version: this.projection.version,
      checkpoint: this.checkpoint.toString(),
      eventsApplied: this.eventsApplied,
      head: head.toString(),
      lagPositions: lagPositions.toString(),
      lagSeconds,
      restarts: this.restarts,
      running: this.running,
    };
  }

  /** Stops the subscription and saves a final snapshot. */
  async stop(): Promise<void> {
    await this.halt();
    await this.saveFinalSnapshot();
  }

  /** The first half of stop(): no more events are applied, and every read-your-writes wait answers false. */
  async halt(): Promise<void> {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters = [];
  }

  /**
   * The second half: saves the state if events were applied since the last snapshot, once. With a
   * deadline (epoch ms), a save that the last one's cost says would end past it is left out ('skipped'):
   * serialising a large state blocks the event loop, so it cannot be cut short once begun, and a missing
   * snapshot only costs a longer catch-up at the next start (the log is the truth).
   */
  async saveFinalSnapshot(deadlineAtMs = Number.POSITIVE_INFINITY): Promise<FinalSnapshotOutcome> {
    if (this.finalised || this.unsavedEvents === 0) {
      this.finalised = true;
      return 'unchanged';
    }
    this.finalised = true;
    if (Date.now() + this.lastSaveCostMs >= deadlineAtMs) return 'skipped';
    await this.saveSnapshot();
    return 'saved';
  }

  /** Simulates a crash in tests: stops delivery without saving anything. */
  async crash(): Promise<void> {
    this.running = false;
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  private async restore(): Promise<void> {
    const snapshot = await this.snapshots.load(this.projection.name);
    if (!snapshot || snapshot.version !== this.projection.version) return; // rebuild from zero
    this.state = this.projection.fromJson(snapshot.state);
    this.checkpoint = BigInt(snapshot.checkpoint);
    this.checkpointRecordedAt = snapshot.checkpointRecordedAt;
    this.eventsApplied = snapshot.eventsApplied;
    this.maxRecordedAt = snapshot.maxRecordedAt;
    this.intervalMinRecordedAt = snapshot.intervalMinRecordedAt;
  }

  private subscribe(): void {
    if (!this.running || this.detached) return;
    this.subscription = this.store.subscribeAll(
      { after: this.checkpoint >= 0n ? this.checkpoint : undefined, batchSize: MAX_PAGE_SIZE },
      (event) => this.receive(event),
      { onError: (error) => this.resubscribeAfter(error) },
    );
  }

  /**
   * Applies one event of the global log, in position order; a repeat of an applied one is ignored.
   * Synchronous unless a snapshot is due (then it returns the save to wait for): a catch-up of a
   * million events must not pay a promise per event per projection.
   */
  receive(event: RecordedEvent): Promise<void> | undefined {
    if (event.position <= this.checkpoint) return undefined; // at-least-once delivery: already applied
    this.state = this.projection.apply(this.state, event);
    this.checkpoint = event.position;
    const recordedAt = recordedAtOf(event);
    this.checkpointRecordedAt = recordedAt;
    this.track(recordedAt);
    this.eventsApplied += 1;
    this.unsavedEvents += 1;
    if (this.waiters.length > 0) this.releaseWaiters();
    const every = this.options.historyEveryEvents;
    const historyDue = every > 0 && this.eventsApplied % every === 0;
    const sinceSaveMs = Date.now() - this.lastSaveMs;
    // Whatever the triggers say, saving may take at most 1/SAVE_COST_SHARE of the time: a state of tens of
    // MiB costs seconds to serialise, and a catch-up from zero must not spend most of its time doing it.
    const snapshotDue =
      (this.unsavedEvents >= this.options.snapshotEveryEvents || sinceSaveMs >= this.options.snapshotEveryMs) &&
      sinceSaveMs >= this.lastSaveCostMs * SAVE_COST_SHARE;
    if (!historyDue && !snapshotDue) return undefined;
    return this.persist(historyDue, snapshotDue);
  }

  /** One serialisation of the state serves both when the two fall on the same event. */
  private async persist(history: boolean, live: boolean): Promise<void> {
    const startedMs = Date.now();
    const snapshot = this.snapshot();
    if (history) await this.saveHistory(snapshot);
    if (live) await this.saveSnapshot(snapshot, startedMs);
  }

  /** Counts a resubscription made by whoever delivers the events. */
  noteRestart(): void {
    this.restarts += 1;
  }

  private secondsBehind(newestAt: string | null): number {
    if (newestAt === null) return 0;
    // Nothing applied yet: how long the newest event has waited for this projection.
    if (this.checkpointRecordedAt === null) return Math.max(0, (Date.now() - Date.parse(newestAt)) / 1000);
    return Math.max(0, (Date.parse(newestAt) - Date.parse(this.checkpointRecordedAt)) / 1000);
  }

  private track(recordedAt: string): void {
    if (this.maxRecordedAt === null || recordedAt > this.maxRecordedAt) this.maxRecordedAt = recordedAt;
    if (this.intervalMinRecordedAt === null || recordedAt < this.intervalMinRecordedAt) this.intervalMinRecordedAt = recordedAt;
  }

  private async saveHistory(snapshot: ProjectionSnapshot): Promise<void> {
    const entry = {
      checkpoint: this.checkpoint,
      maxRecordedAt: this.maxRecordedAt,
      intervalMinRecordedAt: this.intervalMinRecordedAt ?? '', // '' sorts first: an unknown interval is never skipped
    };
    await this.snapshots.saveHistory(entry, snapshot);
    this.intervalMinRecordedAt = null;
  }

  private releaseWaiters(): void {
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => w.position <= this.checkpoint);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.position > this.checkpoint);
    for (const waiter of ready) {
      clearTimeout(waiter.timer);
      waiter.resolve(true);
    }
  }

  private resubscribeAfter(error: unknown): void {
    this.options.onError?.(error);
    this.subscription = undefined;
    if (!this.running) return;
    this.restarts += 1;
    const delayMs = Math.min(this.options.retryMaxMs, this.options.retryMinMs * 2 ** Math.min(this.restarts, 10));
    this.retryTimer = setTimeout(() => this.subscribe(), delayMs);
  }

  private snapshot(): ProjectionSnapshot {
    return {
      projection: this.projection.name,
      version: this.projection.version,
      checkpoint: this.checkpoint.toString(),
      checkpointRecordedAt: this.checkpointRecordedAt,
      eventsApplied: this.eventsApplied,
      state: this.projection.toJson(this.state),
      maxRecordedAt: this.maxRecordedAt,
      intervalMinRecordedAt: this.intervalMinRecordedAt,
    };
  }

  private async saveSnapshot(snapshot = this.snapshot(), startedMs = Date.now()): Promise<void> {
    await this.snapshots.save(snapshot);
    this.unsavedEvents = 0;
    this.lastSaveMs = Date.now();
    this.lastSaveCostMs = this.lastSaveMs - startedMs;
  }
}

