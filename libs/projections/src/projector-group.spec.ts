import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { JsonValue, RecordedEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { InMemorySnapshotStore, type Projection, type SnapshotStore } from './projection';
import { Projector } from './projector';
import { ProjectorGroup } from './projector-group';
import { foldAsOf, foldUpTo } from './fold';
import { SqliteSnapshotStore } from './sqlite-snapshot-store';

/** Sums data.n per projection and remembers every position it saw: a fold whose result shows gaps and repeats. */
interface Tally {
  sum: number;
  positions: string[];
}
function tally(name: string, factor = 1): Projection<Tally> {
  return {
    name,
    version: 1,
    initialState: () => ({ sum: 0, positions: [] }),
    apply: (state, event: RecordedEvent) => {
      state.sum += Number(event.data['n']) * factor;
      state.positions.push(event.position.toString());
      return state;
    },
    toJson: (state) => state as unknown as JsonValue,
    fromJson: (json) => structuredClone(json) as unknown as Tally,
  };
}

describe('projector group and as-of snapshots', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-projector-group-'));
    store = SqliteEventStore.open({ path: join(dir, 'ledger.db') });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Appends `count` events over 10 streams; recordedAt comes from `at(i)` (the domain clock). */
  async function seed(count: number, at: (i: number) => string = () => '2026-01-10T00:00:00.000Z', from = 0): Promise<void> {
    const pending: Array<Promise<unknown>> = [];
    for (let i = from; i < from + count; i += 1) {
      const stream = `s-${i % 10}`;
      const revision = Math.floor(i / 10);
      pending.push(
        store.append(stream, [{ id: randomUUID(), type: 'Counted', data: { n: i + 1 }, metadata: { recordedAt: at(i) } }], revision === 0 ? 'no_stream' : BigInt(revision - 1)),
      );
      if (pending.length >= 10) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
  }

  it('reads each page once for all its projectors, and each equals a fold of its own', async () => {
    await seed(2_500);
    const projections = [tally('a'), tally('b', 2), tally('c', 3)];
    const snapshots = new InMemorySnapshotStore();
    const spy = jest.spyOn(store, 'readAll');
    const group = new ProjectorGroup(projections.map((p) => new Projector(p as Projection<unknown>, store, snapshots)), store);
    await group.start();
    for (const projector of group.all()) expect(await projector.caughtUp(10_000)).toBe(true);
    const forwardReads = spy.mock.calls.filter((call) => call[0].direction !== 'backwards').length;
    expect(forwardReads).toBeLessThanOrEqual(4); // 3 pages of 1000, maybe one empty poll: not 3 projectors x 3 pages
    for (const [index, projection] of projections.entries()) {
      const alone = await foldUpTo(projection, store, undefined);
      expect(group.get(projection.name)!.current().state).toEqual(alone.state);
      expect((group.get(projection.name)!.current().state as Tally).sum).toBe((2_500 * 2_501 / 2) * (index + 1));
    }
    await group.stop();
  });

  it('resumes from the lowest checkpoint when its projectors stopped at different places', async () => {
    await seed(300);
    const snapshots = new InMemorySnapshotStore();
    const early = new Projector(tally('early') as Projection<unknown>, store, snapshots, { snapshotEveryEvents: 1 });
    await early.start();
    await early.caughtUp(10_000);
    await early.stop();
    await seed(200, undefined, 300);
    const group = new ProjectorGroup(
      [new Projector(tally('early') as Projection<unknown>, store, snapshots), new Projector(tally('fresh') as Projection<unknown>, store, snapshots)],
      store,
    );
    await group.start();
    for (const projector of group.all()) expect(await projector.caughtUp(10_000)).toBe(true);
    const [a, b] = group.all().map((p) => p.current().state as Tally);
    expect(a!.positions).toEqual(b!.positions); // none skipped, none twice
    expect(a!.positions).toHaveLength(500);
    expect(a!.sum).toBe(500 * 501 / 2);
    await group.stop();
  });

  it('swaps in a rebuilt projector while events keep coming, missing none', async () => {
    await seed(1_000);
    const snapshots = new InMemorySnapshotStore();
    const group = new ProjectorGroup([new Projector(tally('a') as Projection<unknown>, store, snapshots)], store);
    await group.start();
    const writing = seed(500, undefined, 1_000);
    const fresh = new Projector(tally('a') as Projection<unknown>, store, snapshots, { restore: false });
    await fresh.start();
    await fresh.caughtUp(10_000);
    await group.replace(fresh);
    await writing;
    expect(group.get('a')).toBe(fresh);
    expect(await fresh.caughtUp(10_000)).toBe(true);
    const state = fresh.current().state as Tally;
    expect(new Set(state.positions).size).toBe(1_500);
    expect(state.sum).toBe(1_500 * 1_501 / 2);
    await group.stop();
  });

  describe('as-of reads from history snapshots', () => {
    async function liveWithHistory(projection: Projection<Tally>, every: number, snapshots: SnapshotStore = new InMemorySnapshotStore()) {
      const projector = new Projector(projection as Projection<unknown>, store, snapshots, { historyEveryEvents: every });
      await projector.start();
      expect(await projector.caughtUp(10_000)).toBe(true);
      await projector.stop();
      return snapshots;
    }

    it('by position: equals a fold from zero, starting from the nearest snapshot at or before it', async () => {
      await seed(230);
      const projection = tally('a');
      const snapshots = await liveWithHistory(projection, 50);
      expect((await snapshots.historyIndex('a', 1)).map((e) => Number(e.checkpoint))).toEqual([50, 100, 150, 200]);
      for (const position of [1n, 49n, 50n, 51n, 149n, 200n, 229n, 230n, 999n]) {
        const fromZero = await foldUpTo(projection, store, position);
        const asOf = await foldAsOf(projection, store, snapshots, { kind: 'position', position });
        expect(asOf.state).toEqual(fromZero.state);
        expect(asOf.checkpoint).toBe(fromZero.checkpoint);
      }
      const mid = await foldAsOf(projection, store, snapshots, { kind: 'position', position: 175n });
      expect(mid.fromSnapshot).toBe(150n);
    });

    it('by time: equals a filtered fold from zero even when the clock goes backwards', async () => {
      // Mostly forward, with every 17th event stamped a day earlier (a skewed clock or a back-dated import).
      const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000 - (i % 17 === 0 ? 86_400_000 : 0)).toISOString();
      await seed(400, at);
      const projection = tally('a');
      const snapshots = await liveWithHistory(projection, 40);
      for (const i of [0, 5, 39, 40, 41, 100, 233, 399, 1_000]) {
        const instant = at(i);
        const fromZero = projection.initialState();
        let last = -1n;
        for (const event of await store.readAll({ limit: 1_000 })) {
          if (String(event.metadata['recordedAt']) <= instant) {
            projection.apply(fromZero, event);
            last = event.position;
          }
        }
        const asOf = await foldAsOf(projection, store, snapshots, { kind: 'time', instant });
        expect(asOf.state).toEqual(fromZero);
        expect(asOf.checkpoint).toBe(last);
      }
    });

    it('by time: skips whole intervals that hold only later events', async () => {
      const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      await seed(1_000, at);
      const projection = tally('a');
      const snapshots = await liveWithHistory(projection, 100);
      const spy = jest.spyOn(store, 'readAll');
      const asOf = await foldAsOf(projection, store, snapshots, { kind: 'time', instant: at(349) }, { pageSize: 10 });
      expect(asOf.state.sum).toBe(350 * 351 / 2);
      expect(asOf.fromSnapshot).toBe(300n);
      // (300, 400] is read (10 pages); (400, 1000] is skipped by its entries; the tail after 1000 is empty.
      expect(spy.mock.calls.length).toBeLessThanOrEqual(12);
    });

    it('keeps history in the SQLite snapshot file, and ignores live snapshots written before tracking', async () => {
      await seed(120);
      const path = join(dir, 'projections.db');
      const projection = tally('a');
      const sqlite = new SqliteSnapshotStore(path);
      await liveWithHistory(projection, 50, sqlite);
      const fromZero = await foldUpTo(projection, store, 75n);
      expect((await foldAsOf(projection, store, sqlite, { kind: 'position', position: 75n })).state).toEqual(fromZero.state);
      expect(await sqlite.load('a')).toMatchObject({ checkpoint: '120', maxRecordedAt: '2026-01-10T00:00:00.000Z' });
      await sqlite.close();

      const db = new Database(path);
      db.prepare('UPDATE projection_snapshots SET tracked = 0').run(); // as an earlier release left it
      db.close();
      const reopened = new SqliteSnapshotStore(path);
      expect(await reopened.load('a')).toBeUndefined();
      expect(await reopened.historyIndex('a', 1)).toHaveLength(2);
      await reopened.close();
    });
  });
});
