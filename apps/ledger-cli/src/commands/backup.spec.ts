import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { verifyAll } from '@ledger/event-store';
import { loadConfig } from '@ledger/platform';
import { backupSqlite } from './backup';

const event = (i: number) => ({ id: randomUUID(), type: 'Tested', data: { i, text: '结余留用' }, metadata: { actor: 't' } });

describe('SQLite backup and restore', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-backup-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('backs up a live store consistently, and a restored copy has the same verified log', async () => {
    const path = join(dir, 'ledger.db');
    const live = SqliteEventStore.open({ path });
    for (let s = 0; s < 20; s += 1) await live.append(`s-${s}`, [event(s), event(s + 100)], 'no_stream');
    // Appends keep arriving while the backup runs: the copy is a consistent snapshot of some point.
    const writing = (async () => {
      for (let s = 20; s < 60; s += 1) await live.append(`s-${s}`, [event(s)], 'no_stream');
    })();
    const report = await backupSqlite(loadConfig({ LEDGER_SQLITE_PATH: path, LEDGER_JWT_SECRET: 'x'.repeat(32) }), join(dir, 'backup.db'));
    await writing;
    expect(report.chainsVerified).toBe(true);
    expect(report.eventsInBackup).toBeGreaterThanOrEqual(40);

    const restoredPath = join(dir, 'restored.db');
    copyFileSync(join(dir, 'backup.db'), restoredPath);
    const restored = SqliteEventStore.open({ path: restoredPath });
    try {
      const all = await restored.readAll({ limit: 1000 });
      expect(all).toHaveLength(report.eventsInBackup);
      const original = await live.readAll({ limit: all.length });
      expect(all.map((e) => [e.id, e.metadata.hash])).toEqual(original.map((e) => [e.id, e.metadata.hash]));
      expect((await verifyAll(restored)).ok).toBe(true);
      await restored.append('after-restore', [event(999)], 'no_stream'); // the restored store accepts writes
    } finally {
      await restored.close();
      await live.close();
    }
  });

  it('refuses to overwrite an existing file and refuses non-SQLite stores', async () => {
    const path = join(dir, 'ledger.db');
    SqliteEventStore.open({ path }).close();
    const config = loadConfig({ LEDGER_SQLITE_PATH: path, LEDGER_JWT_SECRET: 'x'.repeat(32) });
    await expect(backupSqlite(config, path)).rejects.toThrow(/refusing to overwrite/);
    await expect(backupSqlite({ ...config, store: 'postgres' }, join(dir, 'b.db'))).rejects.toThrow(/embedded store only/);
  });
});
