import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../src';
import { SqliteEventStore } from '../src/sqlite';
import { describeEventStoreConformance } from './conformance';

const directory = mkdtempSync(join(tmpdir(), 'ledger-sqlite-conformance-'));
let counter = 0;

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describeEventStoreConformance('sqlite', {
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
