import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusyError } from '@ledger/kernel';
import type { JsonValue, RecordedEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { InMemorySnapshotStore, type Projection, type ProjectionSnapshot } from './projection';
import { DEFAULT_MAX_WAITERS, Projector } from './projector';
import { ProjectorGroup } from './projector-group';

interface Count {
  n: number;
}
function counter(name: string): Projection<Count> {
  return {
    name,
    version: 1,
    initialState: () => ({ n: 0 }),
    apply: (state: Count, _event: RecordedEvent) => {
      state.n += 1;
      return state;
    },
    toJson: (state) => state as unknown as JsonValue,
    fromJson: (json) => structuredClone(json) as unknown as Count,
  };
}

/** A snapshot store whose save blocks the thread for `saveMs`, like serialising a large state does. */
class SlowSnapshotStore extends InMemorySnapshotStore {
  saves = 0;
  constructor(private readonly saveMs: number) {
    super();
  }
  override async save(snapshot: ProjectionSnapshot): Promise<void> {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, this.saveMs);
    this.saves += 1;
    await super.save(snapshot);
  }
}

describe('projector: bounded read-your-writes, a final snapshot within a deadline, lag figures without reading the log', () => {
  let dir: string;
  let store: SqliteEventStore;
  let next = 0;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-projector-'));
    store = SqliteEventStore.open({ path: join(dir, 'ledger.db') });
    next = 0;
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function seed(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1, next += 1) {
      await store.append(`s-${next}`, [{ id: randomUUID(), type: 'Counted', data: {}, metadata: { recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, next)).toISOString() } }], 'no_stream');
    }
  }

  describe('read-your-writes waiters', () => {
    it('refuses a wait past maxWaiters with BusyError naming the queue and its limit, and has room again once they are answered', async () => {
      const projector = new Projector(counter('c'), store, new InMemorySnapshotStore(), { maxWaiters: 3 });
      await projector.start();
      const waits = [1n, 2n, 3n].map((position) => projector.waitFor(position, 5_000));
      const refused = projector.waitFor(4n, 5_000);
      await expect(refused).rejects.toBeInstanceOf(BusyError);
      await expect(refused).rejects.toMatchObject({ queue: 'read-your-writes', limit: 3, code: 'STORE_BUSY', kind: 'unavailable', retryAfterSeconds: 1 });
      await seed(4); // positions 1..4
      await expect(Promise.all(waits)).resolves.toEqual([true, true, true]);
      await expect(projector.waitFor(3n, 10)).resolves.toBe(true); // reached: never queued, never refused
      const again = projector.waitFor(10n, 20);
      await expect(again).resolves.toBe(false); // room again: a timeout, not a refusal
      await projector.stop();
    });

    it('a timed-out wait frees its place', async () => {
      const projector = new Projector(counter('c'), store, new InMemorySnapshotStore(), { maxWaiters: 1 });
      await projector.start();
      await expect(projector.waitFor(100n, 10)).resolves.toBe(false);
      await expect(projector.waitFor(100n, 10)).resolves.toBe(false);
      await projector.stop();
    });

    it('defaults to 10,000 waiters', async () => {
      expect(DEFAULT_MAX_WAITERS).toBe(10_000);
      const projector = new Projector(counter('c'), store, new InMemorySnapshotStore());
      await projector.start();
      const waits = Array.from({ length: DEFAULT_MAX_WAITERS }, () => projector.waitFor(5n, 5_000));
      await expect(projector.waitFor(5n, 5_000)).rejects.toBeInstanceOf(BusyError);
      await projector.stop(); // answers every pending wait with false
      expect(new Set(await Promise.all(waits))).toEqual(new Set([false]));
    });
  });

  describe('stopping in two steps', () => {
    it('halt() answers pending waits and applies nothing more; saveFinalSnapshot() then saves once', async () => {
      await seed(10);
      const snapshots = new SlowSnapshotStore(0);
      const projector = new Projector(counter('c'), store, snapshots);
      await projector.start();
      expect(await projector.caughtUp(5_000)).toBe(true);
      const pending = projector.waitFor(1_000n, 5_000);
      await projector.halt();
      await expect(pending).resolves.toBe(false);
      await seed(5);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(projector.current().state.n).toBe(10);
      expect(await projector.saveFinalSnapshot()).toBe('saved');
      expect(await projector.saveFinalSnapshot()).toBe('unchanged');
      await projector.stop();
      expect(snapshots.saves).toBe(1);
      expect((await snapshots.load('c'))?.checkpoint).toBe('10');
    });

    it('leaves out a final snapshot that its last save says would end past the deadline, and a later stop() does not take it', async () => {
      const snapshots = new SlowSnapshotStore(60);
      const group = new ProjectorGroup(
        [new Projector(counter('slow') as Projection<unknown>, store, snapshots, { snapshotEveryEvents: 5, snapshotEveryMs: 0 })],
        store,
      );
      await group.start();
      await seed(5); // one periodic save: it measured ~60 ms
      expect(await group.get('slow')!.caughtUp(5_000)).toBe(true);
      expect(snapshots.saves).toBe(1);
      await seed(2);
      expect(await group.get('slow')!.caughtUp(5_000)).toBe(true);
      await group.halt();
      const startedMs = Date.now();
      expect(await group.saveFinalSnapshots(Date.now() + 20)).toEqual({ saved: [], skipped: ['slow'] });
      expect(Date.now() - startedMs).toBeLessThan(50);
      await group.stop();
      expect(snapshots.saves).toBe(1);
    });

    it('without a deadline, or with room for it, the final snapshot is saved', async () => {
      const snapshots = new SlowSnapshotStore(5);
      const group = new ProjectorGroup([new Projector(counter('a') as Projection<unknown>, store, snapshots)], store);
      await group.start();
      await seed(3);
      expect(await group.get('a')!.caughtUp(5_000)).toBe(true);
      await group.halt();
      expect(await group.saveFinalSnapshots(Date.now() + 5_000)).toEqual({ saved: ['a'], skipped: [] });
      await group.stop();
      expect(snapshots.saves).toBe(1);
    });
  });

  describe('lag figures (what /health and /metrics ask for on every call)', () => {
    function fiveProjectors(): ProjectorGroup {
      const snapshots = new InMemorySnapshotStore();
      return new ProjectorGroup(
        ['a', 'b', 'c', 'd', 'e'].map((name) => new Projector(counter(name) as Projection<unknown>, store, snapshots)),
        store,
      );
    }

    it('caught up: every status of five projectors, ten times, reads no event and asks for the head once per round', async () => {
      await seed(50);
      const group = fiveProjectors();
      await group.start();
      for (const projector of group.all()) expect(await projector.caughtUp(5_000)).toBe(true);
      const reads = jest.spyOn(store, 'readAll');
      const heads = jest.spyOn(store, 'headPosition');
      for (let round = 0; round < 10; round += 1) {
        const statuses = await Promise.all(group.all().map((p) => p.status()));
        expect(statuses.map((s) => [s.lagPositions, s.lagSeconds])).toEqual(Array(5).fill(['0', 0]));
      }
      expect(reads).not.toHaveBeenCalled();
      expect(heads).toHaveBeenCalledTimes(10);
      await group.stop();
    });

    it('lagging: the newest event is read at most once for many rounds, and the lag in seconds is right', async () => {
      await seed(20);
      const group = fiveProjectors();
      await group.start();
      for (const projector of group.all()) expect(await projector.caughtUp(5_000)).toBe(true);
      await group.halt(); // delivery stops: the projections fall behind what is written next
      await seed(30);
      const reads = jest.spyOn(store, 'readAll');
      for (let round = 0; round < 20; round += 1) {
        const statuses = await Promise.all(group.all().map((p) => p.status()));
        // 30 events behind; their recordedAt are 1 s apart, so the newest is 30 s after the last applied.
        expect(statuses.map((s) => [s.lagPositions, s.lagSeconds])).toEqual(Array(5).fill(['30', 30]));
      }
      expect(reads.mock.calls.length).toBeLessThanOrEqual(1);
      await group.stop();
    });

    it('a lone projector (a rebuild) keeps answering its own status', async () => {
      await seed(3);
      const projector = new Projector(counter('alone'), store, new InMemorySnapshotStore());
      await projector.start();
      expect(await projector.caughtUp(5_000)).toBe(true);
      expect(await projector.status()).toMatchObject({ checkpoint: '3', head: '3', lagPositions: '0', lagSeconds: 0, eventsApplied: 3 });
      await projector.stop();
    });
  });
});
