import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { InMemorySnapshotStore, Projector, foldUpTo } from '@ledger/projections';
import { accounts, credit, debit } from '../shared/journal';
import { Decimal } from '@ledger/money';
import { trialBalance } from '../journal/journal.fold';
import { journalProjection, runningTrialBalance } from './journal.projection';

/** A balanced money event: the fund receives `amount` of employer income. */
function income(fundId: string, amount: string) {
  const value = new Decimal(amount);
  return {
    id: randomUUID(),
    type: 'ContributionCollected',
    data: {
      effectiveDate: '2026-01-10',
      postings: [debit(fundId, accounts.cash(fundId), value), credit(fundId, accounts.income(fundId, 'other'), value)],
    } as never,
    metadata: { recordedAt: '2026-01-10T00:00:00.000Z' },
  };
}

describe('journal projection over the global log', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-projection-'));
    store = SqliteEventStore.open({ path: join(dir, 'ledger.db') });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function seed(count: number, prefix: string): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      await store.append(`${prefix}-${i % 7}`, [income(i % 2 === 0 ? 'F1' : 'F2', `${i + 1}.01`)], i < 7 ? 'no_stream' : BigInt(Math.floor(i / 7) - 1));
    }
  }

  it('folds to a zero trial balance and answers as of a past position', async () => {
    await seed(30, 's');
    const full = await foldUpTo(journalProjection, store, undefined);
    expect(trialBalance(full.state).ok).toBe(true);
    expect(full.state.entryCount).toBe(30);
    const tenth = (await store.readAll({ limit: 10 }))[9]!.position;
    const asOf = await foldUpTo(journalProjection, store, tenth);
    expect(asOf.state.entryCount).toBe(10);
    expect(asOf.checkpoint).toBe(tenth);
  });

  it('resumes after a crash mid-stream from its snapshot, skipping nothing and applying nothing twice', async () => {
    const snapshots = new InMemorySnapshotStore();
    await seed(200, 'crash');
    const first = new Projector(journalProjection, store, snapshots, { snapshotEveryEvents: 37, snapshotEveryMs: 60_000 });
    await first.start();
    await first.waitFor((await store.readAll({ limit: 120 }))[119]!.position, 10_000);
    await first.crash(); // no final snapshot: the last one saved is behind the live state
    const saved = await snapshots.load('journal');
    expect(saved).toBeDefined();
    expect(BigInt(saved!.checkpoint)).toBeLessThan(await store.headPosition());

    await seed(50, 'after');
    const second = new Projector(journalProjection, store, snapshots, { snapshotEveryEvents: 37 });
    await second.start();
    expect(await second.caughtUp(10_000)).toBe(true);
    const replay = await foldUpTo(journalProjection, store, undefined);
    expect(second.current().state.entryCount).toBe(250);
    expect(journalProjection.toJson(second.current().state)).toEqual(journalProjection.toJson(replay.state));
    const status = await second.status();
    expect(status).toMatchObject({ name: 'journal', lagPositions: '0', lagSeconds: 0, eventsApplied: 250 });
    await second.stop();
  });

  it('starts from its snapshot, not from zero', async () => {
    const snapshots = new InMemorySnapshotStore();
    await seed(20, 'snap');
    const first = new Projector(journalProjection, store, snapshots);
    await first.start();
    await first.caughtUp();
    await first.stop(); // saves a final snapshot
    const spy = jest.spyOn(store, 'readAll');
    const second = new Projector(journalProjection, store, snapshots);
    await second.start();
    await second.caughtUp();
    const firstRead = spy.mock.calls.find((call) => call[0].direction !== 'backwards');
    expect(String(firstRead?.[0].after)).toBe(String(await store.headPosition()));
    await second.stop();
  });

  it('lets a reader wait for its own write, with a bounded timeout', async () => {
    const projector = new Projector(journalProjection, store, new InMemorySnapshotStore());
    await projector.start();
    const result = await store.append('rw-1', [income('F1', '5.00')], 'no_stream');
    expect(await projector.waitFor(result.position, 5_000)).toBe(true);
    expect(projector.current().state.entryCount).toBe(1);
    expect(await projector.waitFor(result.position + 100n, 50)).toBe(false);
    await projector.stop();
  });

  it('keeps the running trial balance equal to the sum over the accounts: live, redelivered and restored', async () => {
    await seed(40, 'run');
    const events = await store.readAll({ limit: 100 });
    let state = journalProjection.initialState();
    for (const event of events) state = journalProjection.apply(state, event);
    for (const event of events.slice(0, 5)) state = journalProjection.apply(state, event); // redelivered: no change
    const summed = trialBalance(state);
    expect(runningTrialBalance(state)).toEqual({ ok: true, ...summed.total });
    expect(summed.total.debitsYuan).not.toBe('0.00');
    const restored = journalProjection.fromJson(JSON.parse(JSON.stringify(journalProjection.toJson(state))));
    expect(runningTrialBalance(restored)).toEqual(runningTrialBalance(state));
    expect(restored.totals.byFund.get('F1')).toEqual(state.totals.byFund.get('F1'));
  });
});
