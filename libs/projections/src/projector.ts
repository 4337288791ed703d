import {
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@ledger/event-store';
import type { Projection, ProjectionSnapshot, SnapshotStore } from './projection';

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
}

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

const DEFAULTS = { snapshotEveryEvents: 5_000, snapshotEveryMs: 5_000, retryMinMs: 100, retryMaxMs: 5_000, restore: true };

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
  private eventsApplied = 0;
  private unsavedEvents = 0;
  private lastSaveMs = Date.now();
  private subscription: Subscription | undefined;
  private running = false;
  private restarts = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private waiters: Waiter[] = [];
  private readonly options: Required<Omit<ProjectorOptions, 'onError'>> & Pick<ProjectorOptions, 'onError'>;

  constructor(
    readonly projection: Projection<State>,
    private readonly store: EventStore,
    private readonly snapshots: SnapshotStore,
    options: ProjectorOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.state = projection.initialState();
  }

  async start(): Promise<void> {
    if (this.options.restore) await this.restore();
    this.running = true;
    this.subscribe();
  }

  /** Resolves when the projection has caught up with the store's head as of now. */
  async caughtUp(timeoutMs = 60_000): Promise<boolean> {
    return this.waitFor(await this.store.headPosition(), timeoutMs);
  }

  /** Read-your-writes: resolves true once the events up to `position` are applied, false on timeout. */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.checkpoint >= position) return Promise.resolve(true);
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

  async status(): Promise<ProjectionStatus> {
    const head = await this.store.headPosition();
    const lagPositions = head > this.checkpoint ? head - this.checkpoint : 0n;
    let lagSeconds = 0;
    if (lagPositions > 0n) {
      const [newest] = await this.store.readAll({ direction: 'backwards', limit: 1 });
      const newestAt = recordedAtOf(newest);
      if (newestAt && this.checkpointRecordedAt) {
        lagSeconds = Math.max(0, (Date.parse(newestAt) - Date.parse(this.checkpointRecordedAt)) / 1000);
      } else if (newestAt) {
        lagSeconds = Math.max(0, (Date.now() - Date.parse(newestAt)) / 1000);
      }
    }
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
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
    if (this.unsavedEvents > 0) await this.saveSnapshot();
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters = [];
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
  }

  private subscribe(): void {
    if (!this.running) return;
    this.subscription = this.store.subscribeAll(
      { after: this.checkpoint >= 0n ? this.checkpoint : undefined },
      (event) => this.handle(event),
      { onError: (error) => this.resubscribeAfter(error) },
    );
  }

  private async handle(event: RecordedEvent): Promise<void> {
    if (event.position <= this.checkpoint) return; // at-least-once delivery: already applied
    this.state = this.projection.apply(this.state, event);
    this.checkpoint = event.position;
    this.checkpointRecordedAt = recordedAtOf(event);
    this.eventsApplied += 1;
    this.unsavedEvents += 1;
    this.releaseWaiters();
    if (this.unsavedEvents >= this.options.snapshotEveryEvents || Date.now() - this.lastSaveMs >= this.options.snapshotEveryMs) {
      await this.saveSnapshot();
    }
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

  private async saveSnapshot(): Promise<void> {
    const snapshot: ProjectionSnapshot = {
      projection: this.projection.name,
      version: this.projection.version,
      checkpoint: this.checkpoint.toString(),
      checkpointRecordedAt: this.checkpointRecordedAt,
      eventsApplied: this.eventsApplied,
      state: this.projection.toJson(this.state),
    };
    await this.snapshots.save(snapshot);
    this.unsavedEvents = 0;
    this.lastSaveMs = Date.now();
  }
}

function recordedAtOf(event: RecordedEvent | undefined): string | null {
  const value = event?.metadata['recordedAt'];
  return typeof value === 'string' ? value : event ? event.recordedAt.toISOString() : null;
}

/** Folds a projection over the log up to a position (inclusive): the as-of read of any projection. */
export async function foldUpTo<State>(
  projection: Projection<State>,
  store: EventStore,
  untilPosition: bigint | undefined,
  options: { pageSize?: number; onProgress?: (position: bigint) => void; filter?: { streamPrefix?: string; eventTypes?: readonly string[] } } = {},
): Promise<{ state: State; checkpoint: bigint }> {
  let state = projection.initialState();
  let checkpoint = -1n;
  let after: bigint | undefined;
  const limit = options.pageSize ?? 1000;
  for (;;) {
    const page = await store.readAll({ after, limit, filter: options.filter });
    for (const event of page) {
      if (untilPosition !== undefined && event.position > untilPosition) return { state, checkpoint };
      state = projection.apply(state, event);
      checkpoint = event.position;
    }
    const last = page[page.length - 1];
    if (last) {
      after = last.position;
      options.onProgress?.(after);
    }
    if (page.length < limit) return { state, checkpoint };
  }
}
