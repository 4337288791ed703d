import { MAX_PAGE_SIZE, type EventStore, type RecordedEvent, type Subscription } from '@ledger/event-store';
import { HeadTracker } from './head-tracker';
import type { Projector } from './projector';

/** The final snapshots of a stop: the projections saved, and those left out to keep a deadline. */
export interface FinalSnapshots {
  saved: string[];
  skipped: string[];
}

export interface ProjectorGroupOptions {
  /** Resubscribe back-off bounds after a subscription or projection error. */
  retryMinMs?: number;
  retryMaxMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Runs several projectors on ONE subscription to the global log: each committed event is read and
 * parsed once and handed to every projector in turn (each keeps its own checkpoint and snapshots and
 * skips what it already has). Five subscriptions each re-reading every event cost five times the
 * reads and JSON parses of one, which was most of a command's read-side cost.
 *
 * If any projection throws, delivery stops for the whole group and resumes after a back-off from the
 * lowest checkpoint: a projection must never throw for a valid event, and a stalled group shows as lag.
 */
export class ProjectorGroup {
  private readonly projectors: Map<string, Projector<unknown>>;
  /** The same projectors as an array: delivery walks it once per event. */
  private list: Projector<unknown>[];
  private subscription: Subscription | undefined;
  private running = false;
  private restarts = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  /** A delivery waiting on a snapshot save: a swap waits for it, so it never lands inside one event. */
  private inFlight: Promise<void> | undefined;
  /** A swap under way: deliveries wait for it. */
  private swapping: Promise<void> | undefined;
  private readonly options: Required<Omit<ProjectorGroupOptions, 'onError'>> & Pick<ProjectorGroupOptions, 'onError'>;
  /** One head lookup serves every projector's status (readiness asks all of them on each /health). */
  private readonly heads: HeadTracker;

  constructor(
    projectors: ReadonlyArray<Projector<unknown>>,
    private readonly store: EventStore,
    options: ProjectorGroupOptions = {},
  ) {
    this.projectors = new Map(projectors.map((p) => [p.projection.name, p]));
    this.list = [...this.projectors.values()];
    this.options = { retryMinMs: 100, retryMaxMs: 5_000, ...options };
    this.heads = new HeadTracker(store);
    for (const projector of this.list) projector.shareHeads(this.heads);
  }

  get(name: string): Projector<unknown> | undefined {
    return this.projectors.get(name);
  }

  all(): Projector<unknown>[] {
    return [...this.projectors.values()];
  }

  async start(): Promise<void> {
    for (const projector of this.projectors.values()) await projector.attach();
    this.running = true;
    this.subscribe();
  }

  /** Stops delivery, then each projector saves its final snapshot. */
  async stop(): Promise<void> {
    await this.halt();
    await this.saveFinalSnapshots();
  }

  /**
   * The first half of stop(), a shutdown step of its own: no more deliveries (the one under way, if a
   * snapshot save holds it, finishes), and every read-your-writes wait answers.
   */
  async halt(): Promise<void> {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
    await this.inFlight;
    for (const projector of this.projectors.values()) await projector.halt();
  }

  /**
   * The second half: each projector's final snapshot, one after the other. With a deadline (epoch ms),
   * a save that would end past it is left out (see Projector.saveFinalSnapshot); a later stop() does not
   * take it after all.
   */
  async saveFinalSnapshots(deadlineAtMs = Number.POSITIVE_INFINITY): Promise<FinalSnapshots> {
    const outcome: FinalSnapshots = { saved: [], skipped: [] };
    for (const projector of this.projectors.values()) {
      const result = await projector.saveFinalSnapshot(deadlineAtMs);
      if (result === 'saved') outcome.saved.push(projector.projection.name);
      if (result === 'skipped') outcome.skipped.push(projector.projection.name);
    }
    return outcome;
  }

  /** Simulates a crash in tests: stops delivery without saving anything. */
  async crash(): Promise<void> {
    this.running = false;
    await this.subscription?.stop();
    this.subscription = undefined;
    for (const projector of this.projectors.values()) await projector.crash();
  }

  /**
   * Puts a projector (a rebuilt one, caught up on its own subscription) in place of the one with its
   * name. Between two deliveries, it is first brought up to the group's position so no event is missed;
   * the one it replaces is dropped without a final snapshot, so it cannot overwrite the new one's.
   */
  async replace(fresh: Projector<unknown>): Promise<void> {
    const name = fresh.projection.name;
    const current = this.projectors.get(name);
    if (!current) throw new Error(`no projector named ${name} in the group`);
    while (this.swapping) await this.swapping;
    const swap = (async () => {
      await this.inFlight;
      await fresh.detach();
      fresh.shareHeads(this.heads);
      await catchUp(fresh, this.store, current.position);
      this.projectors.set(name, fresh);
      this.list = [...this.projectors.values()];
      await current.crash();
    })();
    this.swapping = swap.catch(() => undefined);
    try {
      await swap;
    } finally {
      this.swapping = undefined;
    }
  }

  private subscribe(): void {
    if (!this.running) return;
    const from = this.lowestCheckpoint();
    this.subscription = this.store.subscribeAll(
      { after: from >= 0n ? from : undefined, batchSize: MAX_PAGE_SIZE },
      (event) => (this.swapping ? this.swapping.then(() => this.deliver(event, 0)) : this.deliver(event, 0)),
      { onError: (error) => this.resubscribeAfter(error) },
    );
  }

  /** Hands the event to every projector from index `from` on; async only while a snapshot is saved. */
  private deliver(event: RecordedEvent, from: number): Promise<void> | undefined {
    const list = this.list;
    for (let i = from; i < list.length; i += 1) {
      const saving = list[i]!.receive(event);
      if (saving) {
        const rest = saving.then(() => this.deliver(event, i + 1));
        this.inFlight = rest.catch(() => undefined);
        return rest;
      }
    }
    return undefined;
  }

  private lowestCheckpoint(): bigint {
    let lowest: bigint | undefined;
    for (const projector of this.projectors.values()) {
      if (lowest === undefined || projector.position < lowest) lowest = projector.position;
    }
    return lowest ?? -1n;
  }

  private resubscribeAfter(error: unknown): void {
    this.options.onError?.(error);
    this.subscription = undefined;
    if (!this.running) return;
    this.restarts += 1;
    for (const projector of this.projectors.values()) projector.noteRestart();
    const delayMs = Math.min(this.options.retryMaxMs, this.options.retryMinMs * 2 ** Math.min(this.restarts, 10));
    this.retryTimer = setTimeout(() => this.subscribe(), delayMs);
  }
}

/** Applies the events after the projector's checkpoint up to `until` (inclusive). */
async function catchUp(projector: Projector<unknown>, store: EventStore, until: bigint): Promise<void> {
  while (projector.position < until) {
    const after = projector.position >= 0n ? projector.position : undefined;
    const page = await store.readAll({ after, limit: MAX_PAGE_SIZE });
    if (page.length === 0) return;
    for (const event of page) {
      if (event.position > until) return;
      await projector.receive(event);
    }
  }
}
