import Database from 'better-sqlite3';
import { AppHarness } from '../support/app-harness';

describe('auditors: verify finds a planted change', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    harness = await AppHarness.start();
    for (const fundId of ['F-A', 'F-B', 'F-C']) {
      await harness.post('/funds', { fundId, name: '基金', kind: 'resident_pooled', poolingRegion: '泉州市' });
    }
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('passes on an untouched store', async () => {
    const answer = await harness.get('/audit/verify');
    expect(answer.body).toMatchObject({ ok: true, eventsChecked: 3, streamsChecked: 3 });
  });

  it('reports the first broken link, its stream, revision and cause, after a row is edited in the database', async () => {
    const db = new Database(harness.config.sqlitePath);
    try {
      db.exec('DROP TRIGGER events_no_update');
      db.prepare("UPDATE events SET data = json_set(data, '$.name', '改过的基金') WHERE stream = 'fund-F-B'").run();
    } finally {
      db.close();
    }
    const all = await harness.get('/audit/verify');
    expect(all.body).toMatchObject({
      ok: false,
      firstBreak: { stream: 'fund-F-B', revision: '0', cause: 'hash_mismatch' },
    });
    const one = await harness.get('/audit/verify?stream=fund-F-A');
    expect(one.body).toMatchObject({ ok: true, eventsChecked: 1 });
  });
});
