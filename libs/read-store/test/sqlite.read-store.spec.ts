import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import type { EventStore } from '@ledger/event-store';
import { openSqliteReadStore } from '../src/sqlite';
import type { ReadStore } from '../src';
import { describeReadStoreConformance } from './read-store-suite';

// Files, not ':memory:', for the stores a test reopens (a restarted process opens the same file).
const directory = mkdtempSync(join(tmpdir(), 'read-store-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const paths = new WeakMap<object, string>();

describeReadStoreConformance('sqlite', {
  async openEvents(): Promise<EventStore> {
    const path = join(directory, `events-${randomUUID()}.db`);
    const store = SqliteEventStore.open({ path });
    paths.set(store, path);
    return store;
  },
  async reopenEvents(events: EventStore): Promise<EventStore> {
    return events; // one process owns an SQLite file
  },
  async openRead(): Promise<ReadStore> {
    const path = join(directory, `read-${randomUUID()}.db`);
    const store = await openSqliteReadStore({ path });
    paths.set(store, path);
    return store;
  },
  async reopenRead(store: ReadStore): Promise<ReadStore> {
    const path = paths.get(store);
    if (!path) throw new Error('not a store of this harness');
    await store.close();
    return openSqliteReadStore({ path });
  },
});

describe('SQLite read store specifics', () => {
  it("recognises a missing table by the error's shape, also when it comes from another realm (jest's VM)", async () => {
    const store = await openSqliteReadStore({ path: ':memory:' });
    const foreign: unknown = runInNewContext("new Error('no such table: rm_x__t__g1')");
    expect(foreign instanceof Error).toBe(false);
    expect(store.isMissingTable(foreign)).toBe(true);
    expect(store.isMissingTable(new Error('no such table: rm_x__t__g1'))).toBe(true);
    expect(store.isMissingTable(new Error('database is locked'))).toBe(false);
    expect(store.isMissingTable('no such table')).toBe(false);
    await store.close();
  });

  it('opens in memory for tests, and the single process always holds the lease', async () => {
    const store = await openSqliteReadStore({ path: ':memory:' });
    const lease = store.lease();
    expect(await lease.tryAcquire()).toBe(true);
    expect(lease.held).toBe(true);
    expect(await store.projections()).toEqual([]);
    await store.close();
  });
});
