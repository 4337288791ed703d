import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { mintToken } from '@ledger/platform';
import { ServiceProcess } from '../support/service-process';

const SECRET = 'lifecycle-secret-0123456789abcdef0123456789';

describe('the service process: configuration at start and graceful shutdown', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-lifecycle-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start on a wrong LEDGER_STORE, saying why', async () => {
    const service = await ServiceProcess.start({ LEDGER_STORE: 'oracle', LEDGER_SQLITE_PATH: join(dir, 'l.db') }, { waitForHealth: false });
    const { code } = await service.exited;
    expect(code).toBe(2);
    expect(service.stderr).toContain('LEDGER_STORE="oracle" is not one of sqlite, postgres, kurrentdb');
  });

  it('on SIGTERM finishes in-flight appends, closes the store and exits 0; nothing acknowledged is lost', async () => {
    const path = join(dir, 'ledger.db');
    const service = await ServiceProcess.start({ LEDGER_SQLITE_PATH: path, LEDGER_JWT_SECRET: SECRET, LEDGER_LOG_LEVEL: 'info' });
    const token = mintToken(SECRET, 'yibao-ledger', 'lifecycle', 'admin');
    const post = (i: number) =>
      fetch(`${service.url}/funds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ commandId: randomUUID(), fundId: `F-${i}`, name: 'fund', kind: 'maternity', poolingRegion: 'r' }),
      }).then(
        (response) => response.status,
        () => 'refused' as const, // the listener had already closed: never half-written
      );
    let answered = 0;
    // SIGTERM lands while most of the 200 requests are still in flight.
    const inFlight = Array.from({ length: 200 }, (_, i) =>
      post(i).then((status) => {
        answered += 1;
        if (answered === 5) service.child.kill('SIGTERM');
        return status;
      }),
    );
    const statuses = await Promise.all(inFlight);
    const { code } = await service.exited;
    expect({ code, log: code === 0 ? '' : service.stderr + service.stdout }).toEqual({ code: 0, log: '' });
    expect(statuses.every((s) => s === 201 || s === 'refused' || s === 503)).toBe(true);
    const acknowledged = statuses.map((s, i) => (s === 201 ? i : -1)).filter((i) => i >= 0);
    expect(acknowledged.length).toBeGreaterThan(0);
    const store = SqliteEventStore.open({ path });
    try {
      for (const i of acknowledged) expect(await store.readStream(`fund-F-${i}`, { limit: 5 })).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
