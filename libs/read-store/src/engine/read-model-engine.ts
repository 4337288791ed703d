import { MAX_PAGE_SIZE, type EventStore } from '@ledger/event-store';
import { DomainError } from '@ledger/kernel';
import { assertProjection } from '../identifiers';
import type { Checkpoint, Lease, ProjectionRecord, ReadModelProjection, ReadStore } from '../read-store.port';
import { CheckpointMovedError, applyPage, newLane, tableRefs, type Lane } from './lane';
import { ProjectionReader } from './projection-reader';
import { RateMeter } from './rate-meter';
import { Rebuilds, SerialQueue } from './rebuilds';
import { Waiters } from './waiters';

export interface ReadModelEngineOptions {
  events: EventStore;
  store: ReadStore;
  projections: readonly ReadModelProjection[];
  /** Events per readAll page (1..1000, default 500): one transaction per projection per page. */
  pageSize?: number;
  /** Idle poll of the log (leader) or of the checkpoints (followers). Default 100 ms. */
  pollIntervalMs?: number;
  /** How often a follower tries to take the lease. Default 1000 ms. */
  leaseRetryMs?: number;
  /** Most concurrent waitFor() calls; past it BusyError. Default 1000. */
  maxWaiters?: number;
  /** Upper bound on one waitFor(). Default 30 s. */
  maxWaitMs?: number;
  /** Back-off of a failing projection (and of the loop after an error). Default 100 ms .. 5 s. */
  retryMinMs?: number;
  retryMaxMs?: number;
  onError?: (error: unknown, projection?: string) => void;
}

export type EngineRole = 'stopped' | 'leader' | 'follower';

export interface ProjectionProgress {
  readonly name: string;
  readonly generation: number;
  readonly position: bigint;
  readonly rebuilding: { readonly generation: number; readonly position: bigint } | null;
  /** The last error of a projection that is backing off (leader only), else null. */
  readonly failing: string | null;
}

export interface EngineProgress {
  readonly role: EngineRole;
  /** The lowest checkpoint of the active generations (-1n before the first event). */
  readonly position: bigint;
  readonly head: bigint;
  readonly lag: bigint;
  readonly rateEventsPerSecond: number;
  readonly etaSeconds: number | null;
  readonly waiters: number;
  readonly projections: readonly ProjectionProgress[];
}

const initialCheckpoint = (projection: string, generation: number): Checkpoint => ({
  projection,
  generation,
  position: -1n,
  recordedAtMark: '',
  effectiveDateMark: '',
});

/**
 * The read side: ONE reader of the global log feeding every projection, in pages. The leader (the
 * lease holder) reads a page from the lowest active checkpoint and applies it to every projection that
 * is behind, one transaction per projection per page with the checkpoint inside; shadow generations
 * (rebuilds) get pages of their own, so a rebuild never stalls the live projections. Followers apply
 * nothing: they poll the checkpoints for read-your-writes and try the lease now and then.
 * Memory is one page plus the waiters, whatever the size of the log.
 */
export class ReadModelEngine {
  private readonly projections: ReadonlyMap<string, ReadModelProjection>;
  private readonly lease: Lease;
  private readonly rate = new RateMeter();
  private readonly waiters: Waiters;
  private readonly settings: Required<Omit<ReadModelEngineOptions, 'events' | 'store' | 'projections' | 'onError'>>;
  private readonly view = new Map<string, ProjectionProgress>();
  private readonly rebuilds = new Rebuilds();
  private readonly control = new SerialQueue();
  private lanes: Lane[] = [];
  private currentRole: EngineRole = 'stopped';
  private head = -1n;
  private livePosition = -1n;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private nextLeaseTryAt = 0;

  constructor(private readonly options: ReadModelEngineOptions) {
    options.projections.forEach(assertProjection);
    this.projections = new Map(options.projections.map((p) => [p.name, p]));
    if (this.projections.size !== options.projections.length) throw new TypeError('two projections with one name');
    this.settings = {
      pageSize: Math.min(Math.max(options.pageSize ?? 500, 1), MAX_PAGE_SIZE),
      pollIntervalMs: options.pollIntervalMs ?? 100,
      leaseRetryMs: options.leaseRetryMs ?? 1_000,
      maxWaiters: options.maxWaiters ?? 1_000,
      maxWaitMs: options.maxWaitMs ?? 30_000,
      retryMinMs: options.retryMinMs ?? 100,
      retryMaxMs: options.retryMaxMs ?? 5_000,
    };
    this.waiters = new Waiters(this.settings.maxWaiters, this.settings.maxWaitMs);
    this.lease = options.store.lease();
    this.lease.onLost(() => this.demote(new Error('the projection lease was lost')));
  }

  get role(): EngineRole {
    return this.currentRole;
  }

  /** Registers the projections, takes the lease if it is free, and (live, the default) starts the loop. */
  async start(options: { live?: boolean } = {}): Promise<void> {
    await this.prepare();
    this.head = await this.options.events.headPosition(); // the lag is known before the first page
    this.currentRole = 'follower';
    await this.tryLead();
    if (this.currentRole === 'follower') await this.refreshFromStore();
    if (options.live ?? true) {
      this.running = true;
      this.loop = this.run();
    }
  }

  private async prepare(): Promise<void> {
    const { store } = this.options;
    await store.init();
    for (const projection of this.projections.values()) {
      if (await store.projection(projection.name)) continue;
      await store.createTables([...tableRefs(projection, 1).values()]);
      await store.register({
        projection: projection.name,
        version: projection.version,
        activeGeneration: 1,
        shadowGeneration: null,
        shadowVersion: null,
      });
    }
  }

  /** Stops the loop and releases the lease; every waiter hears "not reached". The stores stay open. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    this.demote(new Error('the engine stopped'));
    await this.lease.release();
    this.currentRole = 'stopped';
    this.waiters.releaseAll();
  }

  /**
   * Without the live loop (start({ live: false })): applies pages until every generation, rebuilds
   * included, has reached the head. A projection's error is thrown (its page rolled back, its checkpoint kept).
   */
  async catchUp(): Promise<void> {
    if (this.running) throw new TypeError('catchUp() drives an engine started with { live: false }');
    if (this.currentRole !== 'leader') throw notLeader();
    while (await this.control.run(() => this.leaderTurn(true))) {
      // one page per generation group per turn, until a turn finds nothing to do
    }
  }

  /** Resolves true once the projection (default: every projection) includes `position`; false on timeout. */
  async waitFor(position: bigint, timeoutMs: number, projection?: string): Promise<boolean> {
    if (projection !== undefined && !this.projections.has(projection))
      throw new TypeError(`no projection ${projection}`);
    return this.waiters.wait(position, timeoutMs, projection, this.reached(projection));
  }

  /** O(projections): every figure is kept up to date as pages are applied. */
  progress(): EngineProgress {
    const lag = this.head > this.livePosition ? this.head - this.livePosition : 0n;
    return {
      role: this.currentRole,
      position: this.livePosition,
      head: this.head,
      lag,
      rateEventsPerSecond: this.rate.eventsPerSecond,
      etaSeconds: this.rate.etaSeconds(lag),
      waiters: this.waiters.size,
      projections: [...this.view.values()],
    };
  }

  reader(name: string): ProjectionReader {
    const projection = this.projections.get(name);
    if (!projection) throw new TypeError(`no projection ${name}`);
    return new ProjectionReader(this.options.store, projection, (n, fresh) => this.activeGeneration(n, fresh));
  }

  /**
   * Rebuilds a projection from position 0 into a new generation while the active one keeps serving and
   * applying; swaps atomically once the shadow has caught up with it, then drops the old generation.
   * Resolves after the swap. Leader only. Survives a change of leader (the shadow is in the registry).
   */
  async rebuild(name: string): Promise<void> {
    const projection = this.projections.get(name);
    if (!projection) throw new TypeError(`no projection ${name}`);
    if (this.currentRole !== 'leader') throw notLeader();
    const swapped = this.rebuilds.promiseOf(name);
    // In the control queue, never beside a leader turn: a shadow lane appears between two turns, so no
    // swap, drop or re-read of the registry (becomeLeader) can interleave with its creation.
    await this.control
      .run(async () => {
        if (this.currentRole !== 'leader') throw notLeader();
        if (!this.lanes.some((lane) => lane.projection.name === name && lane.kind === 'shadow'))
          await this.startShadow(projection);
      })
      .catch((error: unknown) => this.rebuilds.settle(name, error));
    this.wake?.();
    return swapped;
  }

  private async startShadow(projection: ReadModelProjection): Promise<void> {
    const { store } = this.options;
    const record = await store.projection(projection.name);
    if (!record) throw new Error(`projection ${projection.name} is not registered`);
    const generation = Math.max(record.activeGeneration, record.shadowGeneration ?? 0) + 1;
    await store.createTables([...tableRefs(projection, generation).values()]);
    await store.beginShadow(projection.name, generation, projection.version);
    const checkpoint = (await store.checkpoints(projection.name)).find((c) => c.generation === generation);
    if (!checkpoint) throw new Error(`projection ${projection.name}: a rebuild is already registered`);
    this.lanes = [
      ...this.lanes.filter((lane) => !(lane.projection === projection && lane.kind === 'shadow')),
      newLane(projection, generation, 'shadow', checkpoint),
    ];
    this.updateView();
  }

  private async run(): Promise<void> {
    let backoffMs = this.settings.retryMinMs;
    while (this.running) {
      let worked = false;
      try {
        worked = await this.control.run(() =>
          this.currentRole === 'leader' ? this.leaderTurn(false) : this.followerTurn(),
        );
        backoffMs = this.settings.retryMinMs;
      } catch (error) {
        this.options.onError?.(error);
        if (error instanceof CheckpointMovedError) await this.control.run(() => this.afterCheckpointMoved(error));
        await this.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, this.settings.retryMaxMs);
        continue;
      }
      if (!worked) await this.sleep(this.settings.pollIntervalMs);
    }
  }

  /**
   * Another applier committed first: the previous leader's last page, still in flight when its lease went.
   * Holding the lease, re-read every checkpoint and go on leading; without it, follow.
   */
  private async afterCheckpointMoved(error: CheckpointMovedError): Promise<void> {
    if (this.currentRole === 'leader' && this.lease.held) {
      await this.becomeLeader().catch((reread: unknown) => this.demote(reread));
      return;
    }
    this.demote(error);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async followerTurn(): Promise<boolean> {
    if (Date.now() >= this.nextLeaseTryAt) {
      await this.tryLead();
      if (this.currentRole === 'leader') return true;
    }
    await this.refreshFromStore();
    return false;
  }

  private async tryLead(): Promise<void> {
    this.nextLeaseTryAt = Date.now() + this.settings.leaseRetryMs;
    if (await this.lease.tryAcquire()) await this.becomeLeader();
  }

  /** Everything is re-read after taking the lease: the previous leader's last commits included. */
  private async becomeLeader(): Promise<void> {
    const { store } = this.options;
    const records = new Map((await store.projections()).map((r) => [r.projection, r]));
    const checkpoints = await store.checkpoints();
    const checkpointOf = (name: string, generation: number): Checkpoint =>
      checkpoints.find((c) => c.projection === name && c.generation === generation) ??
      initialCheckpoint(name, generation);
    const lanes: Lane[] = [];
    const stale: Array<{ projection: ReadModelProjection; record: ProjectionRecord }> = [];
    for (const projection of this.projections.values()) {
      const record = records.get(projection.name);
      if (!record) throw new Error(`projection ${projection.name} is not registered`);
      lanes.push(
        newLane(projection, record.activeGeneration, 'active', checkpointOf(projection.name, record.activeGeneration)),
      );
      const shadow = record.shadowGeneration;
      if (shadow !== null && record.shadowVersion === projection.version) {
        lanes.push(newLane(projection, shadow, 'shadow', checkpointOf(projection.name, shadow)));
      } else if (shadow !== null || record.version !== projection.version) {
        stale.push({ projection, record });
      }
    }
    this.lanes = lanes;
    this.currentRole = 'leader';
    for (const { projection, record } of stale) await this.restartRebuild(projection, record);
    this.updateView();
  }

  /** A rebuild of another version is abandoned; a projection whose version changed is rebuilt. */
  private async restartRebuild(projection: ReadModelProjection, record: ProjectionRecord): Promise<void> {
    const { store } = this.options;
    if (record.shadowGeneration !== null) {
      await store.abandonShadow(projection.name, record.shadowGeneration);
      await store.dropTables([...tableRefs(projection, record.shadowGeneration).values()]);
    }
    if (record.version !== projection.version) await this.startShadow(projection);
  }

  private demote(reason: unknown): void {
    if (this.currentRole !== 'leader') return;
    this.currentRole = 'follower';
    this.lanes = [];
    this.nextLeaseTryAt = Date.now() + this.settings.leaseRetryMs;
    this.rebuilds.settleAll(reason);
  }

  private async leaderTurn(strict: boolean): Promise<boolean> {
    await this.rebuilds.dropRetired(this.options.store);
    this.head = await this.options.events.headPosition();
    const live = await this.step('active', strict);
    const shadow = await this.step('shadow', strict);
    await this.swapCaughtUpShadows();
    this.updateView();
    return live + shadow > 0;
  }

  /** One page from the lowest checkpoint of a group, applied to every projection of the group behind it. */
  private async step(kind: Lane['kind'], strict: boolean): Promise<number> {
    const now = Date.now();
    const lanes = this.lanes.filter(
      (lane) =>
        lane.kind === kind && !lane.retired && (strict || lane.retryAt <= now) && lane.checkpoint.position < this.head,
    );
    if (lanes.length === 0) return 0;
    const after = lanes.reduce(
      (low, lane) => (lane.checkpoint.position < low ? lane.checkpoint.position : low),
      this.head,
    );
    const startedMs = performance.now();
    const page = await this.options.events.readAll({ after, limit: this.settings.pageSize });
    // A page may run past the head read at the start of the turn: the head is never behind what is applied.
    const last = page.at(-1)?.position;
    if (last !== undefined && last > this.head) this.head = last;
    for (const lane of lanes) {
      if (this.currentRole !== 'leader' || !this.lease.held) break; // the lease went: apply nothing more
      if (lane.retired) continue;
      try {
        await applyPage(this.options.store, lane, page);
        lane.failures = 0;
        lane.lastError = undefined;
      } catch (error) {
        if (error instanceof CheckpointMovedError) throw error;
        this.failLane(lane, error);
        if (strict) throw error;
      }
    }
    if (kind === 'active') this.rate.record(page.length, performance.now() - startedMs);
    this.updateView();
    return page.length;
  }

  private failLane(lane: Lane, error: unknown): void {
    lane.failures += 1;
    lane.retryAt = Date.now() + Math.min(this.settings.retryMinMs * 2 ** (lane.failures - 1), this.settings.retryMaxMs);
    lane.lastError = error instanceof Error ? error.message : String(error);
    this.options.onError?.(error, lane.projection.name);
  }

  /**
   * A shadow that has caught up with its active generation takes its place in one transaction; the old
   * generation's tables are then dropped, and only a drop that succeeded resolves the rebuild. A drop that
   * fails (a lock, the connection) stays queued and is retried at the start of every turn, so a rebuild
   * never reports success while the old tables are still there, and they are never forgotten.
   */
  private async swapCaughtUpShadows(): Promise<void> {
    const { store } = this.options;
    for (const shadow of this.lanes.filter((lane) => lane.kind === 'shadow')) {
      if (this.currentRole !== 'leader' || !this.lease.held) return; // only the lease holder swaps
      const name = shadow.projection.name;
      const active = this.lanes.find((lane) => lane.kind === 'active' && lane.projection.name === name);
      if (!active || shadow.checkpoint.position < active.checkpoint.position) continue;
      if (!(await store.swapShadow(name, shadow.generation))) throw new CheckpointMovedError(name, shadow.generation);
      active.retired = true; // a page still holding the old lane applies nothing to it
      this.lanes = this.lanes.filter((lane) => lane !== active);
      shadow.kind = 'active';
      this.updateView();
      this.rebuilds.retire(name, [...active.refs.values()]);
    }
    await this.rebuilds.dropRetired(store);
  }

  /** Followers: the active generations and their checkpoints, as the leader last committed them. */
  private async refreshFromStore(): Promise<void> {
    const { store, events } = this.options;
    this.head = await events.headPosition();
    const records = new Map((await store.projections()).map((r) => [r.projection, r]));
    const checkpoints = await store.checkpoints();
    for (const name of this.projections.keys()) {
      const record = records.get(name);
      if (!record) continue;
      const position = (generation: number): bigint =>
        checkpoints.find((c) => c.projection === name && c.generation === generation)?.position ?? -1n;
      const shadow = record.shadowGeneration;
      this.view.set(name, {
        name,
        generation: record.activeGeneration,
        position: position(record.activeGeneration),
        rebuilding: shadow === null ? null : { generation: shadow, position: position(shadow) },
        failing: null,
      });
    }
    this.positionsMoved();
  }

  private updateView(): void {
    for (const lane of this.lanes) {
      if (lane.kind !== 'active') continue;
      const shadow = this.lanes.find((l) => l.kind === 'shadow' && l.projection === lane.projection);
      this.view.set(lane.projection.name, {
        name: lane.projection.name,
        generation: lane.generation,
        position: lane.checkpoint.position,
        rebuilding: shadow ? { generation: shadow.generation, position: shadow.checkpoint.position } : null,
        failing: lane.lastError ?? shadow?.lastError ?? null,
      });
    }
    this.positionsMoved();
  }

  private positionsMoved(): void {
    let low: bigint | undefined;
    for (const name of this.projections.keys()) {
      const position = this.view.get(name)?.position ?? -1n;
      if (low === undefined || position < low) low = position;
    }
    this.livePosition = low ?? -1n;
    this.waiters.release((projection) => this.reached(projection));
  }

  private reached(projection: string | undefined): bigint {
    return projection === undefined ? this.livePosition : (this.view.get(projection)?.position ?? -1n);
  }

  private async activeGeneration(name: string, fresh: boolean): Promise<number> {
    const known = this.currentRole === 'leader' ? this.view.get(name)?.generation : undefined;
    if (known !== undefined && !fresh) return known;
    const record = await this.options.store.projection(name);
    if (!record) throw new Error(`projection ${name} is not registered`);
    return record.activeGeneration;
  }
}

function notLeader(): DomainError {
  return new DomainError('conflict', 'NOT_PROJECTION_LEADER', 'another instance projects the read models; ask it');
}
