import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventStoreFaultError,
  EventStoreUnavailableError,
  sqliteFaultCode,
  type NewEvent,
  type StoreFaultCode,
} from '../src';
import { SqliteEventStore } from '../src/sqlite';

/**
 * Issue 19 §2, storage faults under a running SQLite store. We run as root on a shared machine, so
 * chmod cannot make a file read-only for us and filling the real disk would hurt everyone. Instead each
 * fault is produced through SQLite itself, on the store's own connection (the test-only `onConnection`
 * hands it over), so the adapter meets exactly the result codes a real fault gives it:
 *
 * - disk full: `PRAGMA max_page_count` lowered to the file's current size. SQLite then refuses to grow
 *   the file with SQLITE_FULL, the code a full disk gives; raising it again is "space returns".
 * - read-only: `PRAGMA query_only = ON`. Writes fail with SQLITE_READONLY, the code SQLite gives for a
 *   read-only file, directory or filesystem (a second handle opened `readonly` gives the same code).
 * - removed: the temp directory is deleted under the running store, for real. SQLite reports nothing
 *   (it keeps writing into the unlinked inode), which is why the store checks the file's identity.
 *
 * Each test checks: every append of the group commit gets the error and nothing is half-written; reads
 * keep working; ping (what /health calls) fails naming the cause; writes resume without a restart once
 * the fault is gone, and an idempotent retry then lands exactly once.
 */
const directory = mkdtempSync(join(tmpdir(), 'ledger-sqlite-faults-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const PAYLOAD = 'x'.repeat(3_000); // most of a 4 KiB page: a few appends need a fresh page

function commandAppend(commandId: string): { events: NewEvent[]; command: { commandId: string; bodyHash: string } } {
  return {
    events: [{ id: `${commandId}-0`, type: 'Counted', data: { pad: PAYLOAD }, metadata: { commandId } }],
    command: { commandId, bodyHash: `hash-${commandId}` },
  };
}

async function openWithConnection(path: string): Promise<{ store: SqliteEventStore; db: Database.Database }> {
  let db: Database.Database | undefined;
  const store = SqliteEventStore.open({ path, onConnection: (connection) => (db = connection) });
  return { store, db: db! };
}

/** N appends issued in one turn, so they share one group commit; each its own stream and command. */
function appendGroup(store: SqliteEventStore, ids: string[]) {
  return Promise.allSettled(
    ids.map((id) => {
      const { events, command } = commandAppend(id);
      return store.append(`s-${id}`, events, 'no_stream', { command });
    }),
  );
}

function codesOf(results: PromiseSettledResult<unknown>[]): string[] {
  return results.map((r) =>
    r.status === 'fulfilled' ? 'ok' : r.reason instanceof EventStoreFaultError ? r.reason.code : String(r.reason),
  );
}

async function logCount(store: SqliteEventStore): Promise<number> {
  return (await store.readAll({ limit: 1_000 })).length;
}

describe('SQLite store under storage faults', () => {
  let store: SqliteEventStore;
  let db: Database.Database;
  let path: string;

  beforeEach(async () => {
    path = join(mkdtempSync(join(directory, 'case-')), 'ledger.db');
    ({ store, db } = await openWithConnection(path));
    // Something in the log before the fault, to check reads and that nothing of it is lost.
    await appendGroup(store, ['before-1', 'before-2']);
  });
  afterEach(async () => {
    await store.close();
  });

  it('disk full: the whole group commit fails with STORE_DISK_FULL, reads work, /health names it, writes resume by themselves', async () => {
    const before = await logCount(store);
    const pages = db.pragma('page_count', { simple: true }) as bigint;
    db.pragma(`max_page_count = ${pages}`);

    const ids = Array.from({ length: 8 }, () => randomUUID());
    const failed = await appendGroup(store, ids);
    expect(codesOf(failed)).toEqual(ids.map(() => 'STORE_DISK_FULL'));
    const first = (failed[0] as PromiseRejectedResult).reason as EventStoreFaultError;
    expect(first).toBeInstanceOf(EventStoreUnavailableError); // today's filter: 503 STORE_UNAVAILABLE + Retry-After
    expect(first.retryAfterSeconds).toBeGreaterThan(0);

    // Nothing half-written: no event and no command record of the failed group.
    expect(await logCount(store)).toBe(before);
    for (const id of ids) await expect(store.findCommand(id)).resolves.toBeUndefined();
    // Reads keep working; /health's ping names the cause.
    expect((await store.readStream('s-before-1', { limit: 10 })).length).toBe(1);
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_DISK_FULL' });
    expect(store.writeFault()).toMatchObject({ code: 'STORE_DISK_FULL' });

    // Space returns: the probe behind ping clears the fault without any append (no client needed).
    db.pragma('max_page_count = 1073741823');
    await waitForPing(store);
    expect(store.writeFault()).toBeUndefined();

    // The same appends retried (same command ids, same event ids) land exactly once; a second retry is a no-op.
    const retried = await appendGroup(store, ids);
    expect(codesOf(retried)).toEqual(ids.map(() => 'ok'));
    const again = await appendGroup(store, ids);
    expect(again.every((r) => r.status === 'fulfilled' && r.value.retried === true)).toBe(true);
    expect(await logCount(store)).toBe(before + ids.length);
    for (const id of ids) await expect(store.findCommand(id)).resolves.toMatchObject({ stream: `s-${id}` });
  });

  it('disk full met by one append in the middle of a batch still fails every append of the batch', async () => {
    const before = await logCount(store);
    // Room for roughly two appends' pages: the first appends of the batch fit, a later one does not.
    const pages = db.pragma('page_count', { simple: true }) as bigint;
    db.pragma(`max_page_count = ${pages + 2n}`);
    const ids = Array.from({ length: 12 }, () => randomUUID());
    const results = await appendGroup(store, ids);
    expect(codesOf(results)).toEqual(ids.map(() => 'STORE_DISK_FULL'));
    expect(await logCount(store)).toBe(before);
    // The connection is not left inside a transaction: once there is room the next group commits.
    db.pragma('max_page_count = 1073741823');
    expect(codesOf(await appendGroup(store, ids))).toEqual(ids.map(() => 'ok'));
  });

  it('read-only: STORE_READ_ONLY for the group, reads work, recovery once writable', async () => {
    const before = await logCount(store);
    db.pragma('query_only = ON');
    const ids = Array.from({ length: 4 }, () => randomUUID());
    expect(codesOf(await appendGroup(store, ids))).toEqual(ids.map(() => 'STORE_READ_ONLY'));
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_READ_ONLY' });
    expect(await logCount(store)).toBe(before);
    db.pragma('query_only = OFF');
    await waitForPing(store);
    expect(codesOf(await appendGroup(store, ids))).toEqual(ids.map(() => 'ok'));
    expect(await logCount(store)).toBe(before + ids.length);
  });

  it('data directory removed: appends refused with STORE_FILE_REMOVED (never acknowledged into the ghost file), reads work, /health stays red', async () => {
    const before = await logCount(store);
    rmSync(join(path, '..'), { recursive: true, force: true });
    const ids = Array.from({ length: 4 }, () => randomUUID());
    expect(codesOf(await appendGroup(store, ids))).toEqual(ids.map(() => 'STORE_FILE_REMOVED'));
    // Reads of what was there keep working (the handle still holds the old file's pages).
    expect(await logCount(store)).toBe(before);
    // The command look-up refuses: it must not vouch for anything only the removed file holds.
    await expect(store.findCommand(ids[0]!)).rejects.toMatchObject({ code: 'STORE_FILE_REMOVED' });
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_FILE_REMOVED' });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // past the probe interval: still red
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_FILE_REMOVED' });
    expect(codesOf(await appendGroup(store, ids))).toEqual(ids.map(() => 'STORE_FILE_REMOVED'));
  });
});

describe('SQLite result codes to store fault codes', () => {
  it.each<[string, StoreFaultCode | undefined]>([
    ['SQLITE_FULL', 'STORE_DISK_FULL'],
    ['SQLITE_READONLY', 'STORE_READ_ONLY'],
    ['SQLITE_READONLY_RECOVERY', 'STORE_READ_ONLY'],
    ['SQLITE_READONLY_DBMOVED', 'STORE_FILE_REMOVED'],
    ['SQLITE_IOERR', 'STORE_IO_ERROR'],
    ['SQLITE_IOERR_FSYNC', 'STORE_IO_ERROR'],
    ['SQLITE_IOERR_WRITE', 'STORE_IO_ERROR'],
    ['SQLITE_CANTOPEN', 'STORE_FILE_REMOVED'],
    ['SQLITE_CONSTRAINT_UNIQUE', undefined],
    ['SQLITE_BUSY', undefined],
  ])('%s -> %s', (code, expected) => {
    expect(sqliteFaultCode(Object.assign(new Error(code), { code }))).toBe(expected);
  });
});

/** ping() probes at most once a second: poll it until it passes (bounded). */
async function waitForPing(store: SqliteEventStore, boundMs = 5_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await store.ping();
      return;
    } catch (error) {
      if (Date.now() - started > boundMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
