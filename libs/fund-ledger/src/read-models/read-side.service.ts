import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE, LEDGER_CONFIG, LedgerMetrics, Problems, parseAsOf, type LedgerConfig, type ReadQuery } from '@ledger/platform';
import {
  ReadModelEngine,
  recordedAtOf,
  type EngineProgress,
  type ProjectionReader,
  type ReadModelProjection,
  type ReadStore,
} from '@ledger/read-store';
import { DURABLE_PROJECTIONS, durableName, publicName } from './durable/durable-projections';
import { openReadStore } from './read-store.factory';
import { ReadSide, type ReadPoint } from './read-side.port';

const DEFAULT_WAIT_MS = 2_000;
/** The idle poll of the log's head: a live read without minPosition is at most this much behind an append. */
const POLL_INTERVAL_MS = 50;
/** How long the boot waits for the read store to open before going on without it. */
const BOOT_WAIT_MS = 1_000;
/** Back-off of a failed start (the database unreachable at boot): 0.5 s doubling to 10 s. */
const START_RETRY_MIN_MS = 500;
const START_RETRY_MAX_MS = 10_000;
/** A position read looks this far back for the last event at or before a position in a gap of the log. */
const GAP_WINDOW = 256n;
const GAP_PAGE = 1000;
const MAX_GAP_WINDOWS = 32;

/** Where a stopped or not yet started read side stands: everything at -1. */
const NOT_STARTED: EngineProgress = {
  role: 'stopped',
  position: -1n,
  head: -1n,
  lag: 0n,
  rateEventsPerSecond: 0,
  etaSeconds: null,
  waiters: 0,
  projections: [],
};

/**
 * The read side over the ReadModelEngine: durable read models in tables (see read-store.factory.ts for
 * where), one reader of the log feeding every projection in pages. The engine starts in the background
 * once the app has booted, so the service is live (and /health/live answers) whatever the size of the
 * log; readiness stays red while it catches up (projections.readiness.ts). Reads never wait for the
 * catch-up except as minPosition asks them to (bounded by waitMs, then PROJECTION_BEHIND).
 */
@Injectable()
export class ReadSideService extends ReadSide implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReadSide');
  private store: ReadStore | undefined;
  private engine: ReadModelEngine | undefined;
  private opening: Promise<ReadModelEngine> | undefined;
  private stopped = false;
  private lastError: string | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    metrics: LedgerMetrics,
  ) {
    super();
    metrics.addLagSource(async () =>
      this.progress().projections.map((p) => ({
        projection: publicName(p.name),
        lagPositions: Number(this.progress().head > p.position ? this.progress().head - p.position : 0n),
        lagSeconds: 0,
        restarts: p.failing === null ? 0 : 1,
      })),
    );
  }

  /**
   * Opens the read store and starts the engine (registry, lease, checkpoints: no catch-up) for at most
   * BOOT_WAIT_MS, then lets Nest finish booting: the catch-up always runs in the background, and an open
   * that takes longer (a database still coming up) goes on retrying there. So the app listens, and
   * /health/live answers, within a bounded time whatever the size of the log.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.opening = this.openWithRetry();
    this.opening.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.opening.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, BOOT_WAIT_MS)))]);
    clearTimeout(timer);
  }

  private async openWithRetry(): Promise<ReadModelEngine> {
    let waitMs = START_RETRY_MIN_MS;
    for (;;) {
      if (this.stopped) throw new Error('the read side stopped before it started');
      try {
        return await this.open();
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.error(`read models failed to start; retrying in ${waitMs} ms: ${this.lastError}`);
        await this.closeStore();
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        waitMs = Math.min(waitMs * 2, START_RETRY_MAX_MS);
      }
    }
  }

  private async open(): Promise<ReadModelEngine> {
    this.store = await openReadStore(this.config);
    const engine = new ReadModelEngine({
      events: this.events,
      store: this.store,
      projections: DURABLE_PROJECTIONS as ReadModelProjection[],
      pollIntervalMs: POLL_INTERVAL_MS,
      onError: (error, projection) => {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.error(`read model ${projection ?? '(engine)'} failed; retrying: ${this.lastError}`);
      },
    });
    await engine.start();
    this.engine = engine;
    this.lastError = null;
    return engine;
  }

  /** The graceful stop's step: the loop ends after its current page (its checkpoint committed with it). */
  async stopEngine(): Promise<void> {
    this.stopped = true;
    await this.engine?.stop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.closeReadStore();
  }

  /** Stops the engine (if it runs) and closes the read store; a second call does nothing. */
  async closeReadStore(): Promise<void> {
    await this.stopEngine();
    await this.closeStore();
  }

  private async closeStore(): Promise<void> {
    const store = this.store;
    this.store = undefined;
    this.engine = undefined;
    await store?.close().catch(() => undefined);
  }

  /** O(projections): the engine keeps every figure up to date as it applies pages. */
  progress(): EngineProgress {
    return this.engine?.progress() ?? NOT_STARTED;
  }

  get startError(): string | null {
    return this.engine ? null : this.lastError;
  }

  reader(projection: string): ProjectionReader {
    if (!this.engine) throw Problems.projectionBehind('0', '-1');
    return this.engine.reader(durableName(projection));
  }

  /** Rebuilds one projection in shadow tables while the active ones serve, then swaps (leader only). */
  async rebuild(projection: string): Promise<void> {
    const engine = await this.ready(DEFAULT_WAIT_MS);
    await engine.rebuild(durableName(projection));
  }

  async point(projection: string, query: ReadQuery): Promise<ReadPoint> {
    const name = durableName(projection);
    const waitMs = query.waitMs ?? DEFAULT_WAIT_MS;
    const engine = await this.ready(waitMs, query.minPosition);
    const asOf = parseAsOf(query.asOf);
    if (asOf.kind === 'live') {
      if (query.minPosition !== undefined && !(await engine.waitFor(BigInt(query.minPosition), waitMs, name))) {
        throw Problems.projectionBehind(query.minPosition, this.checkpoint(name).toString());
      }
      const position = this.checkpoint(name);
      return { asOf: 'live', position: position.toString(), at: { position }, lastRecordedAt: null };
    }
    if (asOf.kind === 'time') {
      const position = this.checkpoint(name);
      return { asOf: asOf.instant, position: position.toString(), at: { recordedAt: asOf.instant }, lastRecordedAt: null };
    }
    const last = await this.lastEventAtOrBefore(asOf.position);
    const position = last?.position ?? -1n;
    if (position > this.checkpoint(name) && !(await engine.waitFor(position, waitMs, name))) {
      throw Problems.projectionBehind(position.toString(), this.checkpoint(name).toString());
    }
    return {
      asOf: asOf.position.toString(),
      position: position.toString(),
      at: { position },
      lastRecordedAt: last ? recordedAtOf(last) : null,
    };
  }

  private checkpoint(name: string): bigint {
    return this.progress().projections.find((p) => p.name === name)?.position ?? -1n;
  }

  /** The engine once it has started (bounded by waitMs); a read before that is PROJECTION_BEHIND. */
  private async ready(waitMs: number, minPosition?: string): Promise<ReadModelEngine> {
    if (this.engine) return this.engine;
    const opening = this.opening ?? Promise.reject(new Error('the read side is not started'));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
    const engine = await Promise.race([opening.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
    if (!engine) throw Problems.projectionBehind(minPosition ?? '0', '-1');
    return engine;
  }

  /**
   * The last event at or before a position: one indexed read when an event has that very position; in a
   * gap of the log (PostgreSQL sequences skip), windows further and further back, each read forwards.
   */
  private async lastEventAtOrBefore(position: bigint): Promise<RecordedEvent | undefined> {
    if (position < 0n) return undefined;
    const [next] = await this.events.readAll({ after: position > 0n ? position - 1n : undefined, limit: 1 });
    if (next?.position === position) return next;
    // Nothing at or after the position: it is past the end of the log, whose last event is the answer.
    // (The head is asked only now: a head figure may trail the events a read already sees.)
    let target = position;
    if (next === undefined) {
      const head = await this.events.headPosition();
      if (head < 0n) return undefined;
      if (head < position) {
        const [last] = await this.events.readAll({ after: head > 0n ? head - 1n : undefined, limit: 1 });
        if (last?.position === head) return last;
        target = head;
      }
    }
    for (let window = GAP_WINDOW, tries = 0; tries < MAX_GAP_WINDOWS; window *= 2n, tries += 1) {
      let after: bigint | undefined = target - window < 0n ? undefined : target - window;
      let found: RecordedEvent | undefined;
      for (;;) {
        const page = await this.events.readAll({ after, limit: GAP_PAGE });
        for (const event of page) if (event.position <= target) found = event;
        const tail = page.at(-1);
        if (!tail || tail.position >= target || page.length < GAP_PAGE) break;
        after = tail.position;
      }
      if (found || after === undefined) return found;
    }
    return undefined;
  }
}
