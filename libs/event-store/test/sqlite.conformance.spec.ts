import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../src';
import { SqliteEventStore } from '../src/sqlite';
import { describeEventStoreConformance } from './conformance';
import { describeImportAndBoundsConformance } from './import-and-bounds.conformance';

const directory = mkdtempSync(join(tmpdir(), 'ledger-sqlite-conformance-'));
let counter = 0;

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describeEventStoreConformance('sqlite', {
  globallyUniqueEventIds: true,
  async create(): Promise<EventStore> {
    counter += 1;
    return SqliteEventStore.open({ path: join(directory, `store-${counter}.db`) });
  },
  async tamper(store: EventStore, eventId: string): Promise<void> {
    // A second connection, as an intruder with file access would have: drop the guard, edit the row.
    const db = new Database((store as SqliteEventStore).path);
    try {
      db.exec('DROP TRIGGER events_no_update');
      const row = db.prepare('SELECT data FROM events WHERE event_id = ?').get(eventId) as { data: string };
      const data = JSON.parse(row.data) as Record<string, unknown>;
      db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(JSON.stringify({ ...data, i: 999 }), eventId);
    } finally {
      db.close();
    }
  },
});

describeImportAndBoundsConformance('sqlite', {
  async create() {
    counter += 1;
    return SqliteEventStore.open({ path: join(directory, `import-${counter}.db`) });
  },
  async createBounded(maxPendingAppends: number) {
    counter += 1;
    return SqliteEventStore.open({ path: join(directory, `bounded-${counter}.db`), maxPendingAppends });
  },
});

describe('SqliteEventStore specifics: stream heads known in memory', () => {
  const event = (i: number) => ({ id: `${randomUUID()}`, type: 'Counted', data: { i }, metadata: {} });
  let store: SqliteEventStore;
  let path: string;

  beforeEach(() => {
    counter += 1;
    path = join(directory, `heads-${counter}.db`);
    store = SqliteEventStore.open({ path });
  });
  afterEach(() => store.close());

  it('answers a read from past the head without the table, and sees every later append', async () => {
    await store.append('s', [event(0), event(1)], 'no_stream');
    expect(await store.readStream('s', { fromRevision: 2n, limit: 10 })).toEqual([]);
    await store.append('s', [event(2)], 1n);
    expect((await store.readStream('s', { fromRevision: 2n, limit: 10 })).map((e) => e.data['i'])).toEqual([2]);
    expect((await store.readStream('s', { limit: 10 })).map((e) => e.data['i'])).toEqual([0, 1, 2]);
  });

  it('does not take an empty read from past an unknown head for the head', async () => {
    const writer = SqliteEventStore.open({ path }); // another owner of the file wrote the stream
    await writer.append('t', [event(0), event(1), event(2)], 'no_stream');
    await writer.close();
    expect(await store.readStream('t', { fromRevision: 6n, limit: 10 })).toEqual([]);
    expect(await store.readStream('t', { fromRevision: 0n, limit: 10 })).toHaveLength(3);
  });

  it('heals when another connection appended: the refused append makes the next read go to the table', async () => {
    await store.append('u', [event(0)], 'no_stream');
    expect(await store.readStream('u', { fromRevision: 1n, limit: 10 })).toEqual([]);
    const intruder = SqliteEventStore.open({ path });
    await intruder.append('u', [event(1)], 0n);
    await intruder.close();
    await expect(store.append('u', [event(9)], 0n)).rejects.toThrow(/expected/i);
    expect((await store.readStream('u', { fromRevision: 1n, limit: 10 })).map((e) => e.data['i'])).toEqual([1]);
  });
});
