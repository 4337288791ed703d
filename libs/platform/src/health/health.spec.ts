import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { AppHarness } from '../../../../test/support/app-harness';

/**
 * Issue 20.4: /health is asked every few seconds by every probe, so what it computes per call must not grow
 * with the log. Its projection figures are kept as events are applied (checkpoint, its recordedAt) and the
 * store's head is one shared lookup per call: a caught-up instance answers /health without reading a
 * single event, however long the log.
 */
describe('/health per call: no read of the log', () => {
  let dir: string;
  let store: SqliteEventStore;
  let harness: AppHarness;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-health-'));
    store = SqliteEventStore.open({ path: join(dir, 'ledger.db') });
    harness = await AppHarness.start({ store });
    for (let i = 0; i < 20; i += 1) {
      const answer = await harness.post('/funds', { fundId: `F-${i}`, name: 'fund', kind: 'maternity', poolingRegion: 'r' });
      expect(answer.status).toBe(201);
    }
  });

  afterAll(async () => {
    await harness.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('caught up: 20 answers read no event and ask the store for its head once each (not once per projection)', async () => {
    const deadline = Date.now() + 10_000;
    while ((await harness.request('GET', '/health', { role: null })).status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const reads = jest.spyOn(store, 'readAll');
    const heads = jest.spyOn(store, 'headPosition');
    const streamReads = jest.spyOn(store, 'readStream');
    for (let i = 0; i < 20; i += 1) {
      const answer = await harness.request<{ status: string; info: Record<string, { status: string }> }>('GET', '/health', { role: null });
      expect(answer.status).toBe(200);
      expect(answer.body.info['projections']?.status).toBe('up');
    }
    expect({ readAll: reads.mock.calls.length, readStream: streamReads.mock.calls.length }).toEqual({ readAll: 0, readStream: 0 });
    expect(heads.mock.calls.length).toBeLessThanOrEqual(20);
    reads.mockRestore();
    heads.mockRestore();
    streamReads.mockRestore();
  });
});
