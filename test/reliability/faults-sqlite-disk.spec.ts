import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { AppHarness, type HttpAnswer } from '../support/app-harness';

/**
 * Issue 19 §2 over HTTP: the real app on a SQLite store whose disk fills up, or whose data directory is
 * removed, while it runs. How the faults are produced without root tricks (max_page_count on the store's
 * own connection for "disk full", deleting the temp directory for real for "removed") is explained in
 * libs/event-store/test/sqlite-faults.spec.ts.
 *
 * Expected: commands answer 503 problem+json with Retry-After and nothing is appended; reads keep
 * working; /health is 503 naming the cause; once space returns /health is green by itself and the same
 * command (same commandId and body) is appended exactly once.
 */
const MAX_FILL_COMMANDS = 200;

describe('SQLite storage faults over HTTP', () => {
  let directory: string;
  let db: Database.Database;
  let harness: AppHarness;

  const fund = (fundId: string) => ({ fundId, name: '职工统筹基金', kind: 'employee_pooled', poolingRegion: '泉州市' });
  /** /health's status, and the cause it names (the NOT_READY problem carries the checks that are down). */
  const health = async (): Promise<{ status: number; cause: string }> => {
    const answer = await harness.request<{ checks?: { store?: { status: string; message?: string } } }>('GET', '/health', {
      role: null,
    });
    if (answer.status === 200) return { status: 200, cause: 'up' };
    return { status: answer.status, cause: answer.body.checks?.store?.message ?? `no store check in ${JSON.stringify(answer.body)}` };
  };
  const waitForGreen = async (boundMs = 5_000) => {
    const started = Date.now();
    for (;;) {
      const answer = await health();
      if (answer.status === 200 || Date.now() - started > boundMs) return answer;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const expectStoreUnavailable = (answer: HttpAnswer) => {
    expect(answer.status).toBe(503);
    expect(String(answer.headers['content-type'])).toContain('application/problem+json');
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    expect(String(answer.body['code'])).toMatch(/^STORE_/);
  };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-faults-disk-'));
    const store = SqliteEventStore.open({ path: join(directory, 'data', 'ledger.db'), onConnection: (c) => (db = c) });
    harness = await AppHarness.start({ store });
    expect((await harness.post('/funds', fund('DISK-A'), 'finance')).status).toBe(201);
  });

  afterAll(async () => {
    await harness.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('disk full: 503 with Retry-After, nothing appended, reads work, /health names it; space returns: green and the retry lands once', async () => {
    // The file may not grow any more: commands fill the pages it has, until one needs a new page.
    const pages = db.pragma('page_count', { simple: true }) as bigint;
    db.pragma(`max_page_count = ${pages}`);
    let command = { commandId: randomUUID(), ...fund('DISK-B0') };
    let refused: HttpAnswer | undefined;
    for (let i = 1; i <= MAX_FILL_COMMANDS && !refused; i += 1) {
      const answer = await harness.request('POST', '/funds', { body: command, role: 'finance' });
      if (answer.status === 201) command = { commandId: randomUUID(), ...fund(`DISK-B${i}`) };
      else refused = answer;
    }
    expect(refused).toBeDefined();
    expectStoreUnavailable(refused!);
    const refusedStream = `fund-${command.fundId}`;
    expect((await harness.get('/funds/DISK-A')).status).toBe(200);
    expect(
      (await harness.get<{ events: unknown[] }>(`/audit/streams/${refusedStream}/events`)).body.events ?? [],
    ).toHaveLength(0);
    const red = await health();
    expect(red.status).toBe(503);
    expect(red.cause).toContain('STORE_DISK_FULL');

    db.pragma('max_page_count = 1073741823');
    const green = await waitForGreen();
    expect(green).toEqual({ status: 200, cause: 'up' });
    const accepted = await harness.request<{ replayed: boolean }>('POST', '/funds', { body: command, role: 'finance' });
    expect(accepted.status).toBe(201);
    expect(accepted.body.replayed).toBe(false);
    const again = await harness.request<{ replayed: boolean }>('POST', '/funds', { body: command, role: 'finance' });
    expect(again.status).toBe(201);
    expect(again.body.replayed).toBe(true);
    const events = await harness.get<{ events: unknown[] }>(`/audit/streams/${refusedStream}/events`);
    expect(events.body.events).toHaveLength(1);
  });

  it('data directory removed: 503 for commands, reads of what was there work, /health names STORE_FILE_REMOVED', async () => {
    rmSync(join(directory, 'data'), { recursive: true, force: true });
    expectStoreUnavailable(await harness.post('/funds', fund('DISK-C'), 'finance'));
    expect((await harness.get('/funds/DISK-A')).status).toBe(200);
    const red = await health();
    expect(red.status).toBe(503);
    expect(red.cause).toContain('STORE_FILE_REMOVED');
  });
});
