/**
 * The read-model engine's conformance suite: every ReadStore adapter (SQLite, PostgreSQL) passes it, with
 * the real event-store adapter of the same database as the log. Each adapter's spec calls it once.
 */
import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, RecordedEvent } from '@ledger/event-store';
import {
  foldJournal,
  trialBalance as journalTrialBalance,
  type JournalEntry,
} from '@ledger/fund-ledger/journal/journal.fold';
import type { Posting } from '@ledger/fund-ledger/shared/journal';
import { BusyError } from '@ledger/kernel';
import {
  ReadStoreArgumentError,
  accountBalance,
  effectiveDateOf,
  trialBalance,
  trialBalanceProjection,
  type ReadModelProjection,
  type ReadStore,
  type VersionedRow,
} from '../src';
import {
  LogWriter,
  countingProjection,
  dump,
  engine,
  failingOnce,
  freshReplay,
  until,
  type ReadStoreHarness,
} from './support';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const minutes = (m: number): string => new Date(T0 + m * 60_000).toISOString();

/** A projection with one versioned and one plain table, for the port's own tests. */
const pricesProjection: ReadModelProjection = {
  name: 'prices',
  version: 1,
  tables: [
    { name: 'prices', key: ['region', 'item'], values: { amount_fen: 'fen', note: 'text' }, versioned: true },
    { name: 'latest', key: ['item'], values: { note: 'text' }, versioned: false },
  ],
  async apply(tx, event) {
    if (event.type !== 'PriceSet') return;
    const { region, item, amountFen } = event.data as { region: string; item: string; amountFen: string };
    await tx.put('prices', { region, item }, { amount_fen: BigInt(amountFen), note: `set by ${event.position}` });
    await tx.upsert('latest', { item }, { note: region });
  },
};

const price = (
  region: string,
  item: string,
  amountFen: number,
  effectiveDate: string,
  recordedAt: string,
): NewEvent => ({
  id: randomUUID(),
  type: 'PriceSet',
  data: { region, item, amountFen: String(amountFen), effectiveDate },
  metadata: { actor: 'test', recordedAt },
});

/** The independent reference: the in-memory journal fold of libs/fund-ledger over the same events. */
function expectedTrialBalance(events: readonly RecordedEvent[]) {
  const entries: JournalEntry[] = events.map((e) => ({
    eventType: e.type,
    position: e.position,
    effectiveDate: effectiveDateOf(e),
    postings: e.data['postings'] as unknown as Posting[],
  }));
  return journalTrialBalance(foldJournal(entries));
}

async function readAllEvents(events: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await events.readAll({ limit: 1000, ...(all.length ? { after: all[all.length - 1]!.position } : {}) });
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

const amountOf = (row: VersionedRow | undefined): string | undefined =>
  row ? String(row.values['amount_fen']) : undefined;

export function describeReadStoreConformance(adapter: string, harness: ReadStoreHarness): void {
  describe(`read-model engine conformance: ${adapter}`, () => {
    const opened: Array<{ close(): Promise<void> }> = [];
    const track = <T extends { close(): Promise<void> }>(resource: T): T => (opened.push(resource), resource);
    afterAll(async () => {
      for (const resource of opened.reverse()) await resource.close().catch(() => undefined);
    });
    const fresh = async (): Promise<{ events: EventStore; store: ReadStore }> => ({
      events: track(await harness.openEvents()),
      store: track(await harness.openRead()),
    });

    it('(a) versioned rows: current, as of position / recorded time / business date, paged lists', async () => {
      const { events, store } = await fresh();
      await events.append(
        'prices',
        [
          price('r1', 'a', 100, '2026-01-01', minutes(0)),
          price('r1', 'b', 200, '2026-01-02', minutes(1)),
          price('r1', 'a', 150, '2026-01-03', minutes(2)),
          price('r2', 'a', 300, '2026-01-03', minutes(3)),
          price('r1', 'a', 175, '2026-01-05', minutes(4)),
        ],
        'no_stream',
      );
      const p = (await readAllEvents(events)).map((e) => e.position);
      const e = engine({ events, store, projections: [pricesProjection] });
      await e.start({ live: false });
      expect(e.role).toBe('leader');
      await e.catchUp();
      const r = e.reader('prices');
      const a = { region: 'r1', item: 'a' };
      expect(String((await r.current('prices', a))?.values['amount_fen'])).toBe('175');
      expect(amountOf(await r.asOf('prices', a, { position: p[0]! }))).toBe('100');
      expect(amountOf(await r.asOf('prices', a, { position: p[1]! }))).toBe('100');
      expect(amountOf(await r.asOf('prices', a, { position: p[2]! }))).toBe('150');
      expect(await r.asOf('prices', a, { position: p[0]! - 1n })).toBeUndefined();
      expect(amountOf(await r.asOf('prices', a, { recordedAt: new Date(T0 + 150_000).toISOString() }))).toBe('150');
      expect(amountOf(await r.asOf('prices', a, { recordedAt: '2026-03-01T08:04:00+08:00' }))).toBe('175');
      expect(await r.asOf('prices', a, { recordedAt: '2026-02-28T23:59:59Z' })).toBeUndefined();
      expect(amountOf(await r.asOf('prices', a, { effectiveDate: '2026-01-04' }))).toBe('150');
      expect(await r.asOf('prices', a, { effectiveDate: '2025-12-31' })).toBeUndefined();

      const versions = await r.versions('prices', a, { limit: 10 });
      expect(versions.map((v) => [String(v.validFrom.position), String(v.validToPosition)])).toEqual([
        [String(p[0]), String(p[2])],
        [String(p[2]), String(p[4])],
        [String(p[4]), 'null'],
      ]);
      expect(versions[1]!.validFrom).toEqual({ position: p[2], recordedAt: minutes(2), effectiveDate: '2026-01-03' });

      const r1 = await r.list('prices', { prefix: { region: 'r1' }, limit: 10 });
      expect(r1.map((row) => row.key['item'])).toEqual(['a', 'b']);
      const first = await r.list('prices', { limit: 1 });
      const second = await r.list('prices', { limit: 2, after: first[0]!.key });
      expect([...first, ...second].map((row) => `${row.key['region']}/${row.key['item']}`)).toEqual([
        'r1/a',
        'r1/b',
        'r2/a',
      ]);
      const atP1 = await r.list('prices', { limit: 10, asOf: { position: p[1]! } });
      expect(atP1.map((row) => `${row.key['item']}=${String(row.values['amount_fen'])}`)).toEqual(['a=100', 'b=200']);
      const byDate = await r.list('prices', { limit: 10, asOf: { effectiveDate: '2026-01-03' } });
      expect(byDate.map((row) => String(row.values['amount_fen']))).toEqual(['150', '200', '300']);
      expect((await r.current('latest', { item: 'a' }))?.values['note']).toBe('r1');
      await expect(r.list('prices', { limit: 1001 })).rejects.toBeInstanceOf(ReadStoreArgumentError);
      await expect(r.asOf('latest', { item: 'a' }, { position: 1n })).rejects.toBeInstanceOf(ReadStoreArgumentError);
      await e.stop();
    });

    it('(a) pilot trial balance in fen: as of position, recorded time and business date (back-dated too), always balanced', async () => {
      const { events, store } = await fresh();
      const writer = new LogWriter(events);
      // 60 events a minute apart, ten per business day; then one back-dated to the first day, and one
      // whose clock stepped back half an hour (stamps stay monotone, so every as-of still balances).
      await writer.write(
        60,
        (n) => ({ recordedAt: minutes(n), effectiveDate: `2026-03-0${1 + Math.floor(n / 10)}` }),
        20,
      );
      await writer.write(1, () => ({ recordedAt: minutes(60), effectiveDate: '2026-03-01' }));
      await writer.write(1, () => ({ recordedAt: minutes(30), effectiveDate: '2026-03-06' }));
      const all = await readAllEvents(events);
      const e = engine({ events, store, projections: [trialBalanceProjection], pageSize: 7 });
      await e.start({ live: false });
      await e.catchUp();
      const r = e.reader('trial_balance');
      const byN = (predicate: (n: number) => boolean) => all.filter((ev) => predicate(ev.data['n'] as number));
      expect(await trialBalance(r)).toEqual(expectedTrialBalance(all));
      expect((await trialBalance(r)).ok).toBe(true);
      expect(await trialBalance(r, { position: all[29]!.position })).toEqual(expectedTrialBalance(all.slice(0, 30)));
      expect(await trialBalance(r, { recordedAt: new Date(T0 + 29.5 * 60_000).toISOString() })).toEqual(
        expectedTrialBalance(all.slice(0, 30)),
      );
      // Business date: exact, back-dated event included (the per-day rows).
      const firstDay = all.filter((ev) => effectiveDateOf(ev) <= '2026-03-01');
      expect(firstDay).toHaveLength(11);
      expect(await trialBalance(r, { effectiveDate: '2026-03-01' })).toEqual(expectedTrialBalance(firstDay));
      expect(await trialBalance(r, { position: all[0]!.position - 1n })).toEqual(expectedTrialBalance([]));
      expect(byN(() => true)).toHaveLength(62);
      const cash = await accountBalance(r, 'F0', 'F0:cash');
      const expectedCash = journalAccount(all, 'F0:cash');
      expect(cash?.balanceYuan).toBe(expectedCash);
      await e.stop();
    });

    it('(b) a crash mid-page rolls the page back and keeps the checkpoint; a restart resumes and equals a fresh replay', async () => {
      const { events, store } = await fresh();
      const writer = new LogWriter(events);
      await writer.write(95);
      const all = await readAllEvents(events);
      const failAt = all[36]!.position; // the 7th event of the 4th page of 10
      const faulty = failingOnce(failAt);
      const first = engine({ events, store, projections: [faulty, countingProjection], pageSize: 10 });
      await first.start({ live: false });
      await expect(first.catchUp()).rejects.toThrow(/simulated crash/);
      expect(faulty.failed()).toBe(true);
      const [checkpoint] = await store.checkpoints('trial_balance');
      expect(String(checkpoint!.position)).toBe(String(all[29]!.position));
      expect(await trialBalance(first.reader('trial_balance'))).toEqual(expectedTrialBalance(all.slice(0, 30)));
      await first.stop();

      const reopened = track(await harness.reopenRead(store)); // a new process: new connections
      const second = engine({
        events,
        store: reopened,
        projections: [trialBalanceProjection, countingProjection],
        pageSize: 10,
      });
      await second.start({ live: false });
      await second.catchUp();
      expect(await dump(second.reader('trial_balance'))).toBe(await freshReplay(harness, events));
      await expectAppliedOnce(second.reader('applied'), all.length);
      await second.stop();
    });

    it('(d) rebuild-and-swap while writes continue misses nothing, and readers never fail', async () => {
      const { events, store } = await fresh();
      const writer = new LogWriter(events);
      await writer.write(300);
      const e = engine({ events, store, projections: [trialBalanceProjection], pageSize: 50 });
      await e.start();
      expect(await e.waitFor(writer.lastPosition, 30_000)).toBe(true);
      const reader = e.reader('trial_balance');
      let writing = true;
      const writes = (async () => {
        for (let i = 0; i < 30; i += 1) {
          await writer.write(10, () => ({}), 10);
          await new Promise((resolve) => setTimeout(resolve, 3));
        }
        writing = false;
      })();
      const reads = (async () => {
        const seen: boolean[] = [];
        while (writing) {
          seen.push((await trialBalance(reader)).ok);
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        return seen;
      })();
      await e.rebuild('trial_balance');
      const generation = e.progress().projections[0]!.generation;
      await writes;
      const seen = await reads;
      expect(await e.waitFor(writer.lastPosition, 30_000)).toBe(true);
      expect(generation).toBe(2);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every(Boolean)).toBe(true);
      const oldTable = { projection: 'trial_balance', generation: 1, table: trialBalanceProjection.tables[0]! };
      // The old generation's table is dropped: reading it fails as a missing table.
      const oldRead = await store.current(oldTable, { fund_id: 'F0', account: 'F0:cash' }).then(
        (row) => ({ answered: row ?? null, missing: false }),
        (error: unknown) => ({ error: String(error), missing: store.isMissingTable(error) }),
      );
      expect(oldRead).toMatchObject({ missing: true });
      await e.stop();
      expect(await dump(reader)).toBe(await freshReplay(harness, events));
    });

    it('(d) a new projection version is rebuilt in a shadow generation and swapped in', async () => {
      const { events, store } = await fresh();
      await new LogWriter(events).write(40);
      const v1 = engine({ events, store, projections: [trialBalanceProjection] });
      await v1.start({ live: false });
      await v1.catchUp();
      await v1.stop();
      const v2 = engine({ events, store, projections: [{ ...trialBalanceProjection, version: 2 }] });
      await v2.start({ live: false });
      expect(v2.progress().projections[0]!.rebuilding?.generation).toBe(2);
      await v2.catchUp();
      expect(v2.progress().projections[0]).toMatchObject({ generation: 2, rebuilding: null });
      expect((await store.projection('trial_balance'))?.version).toBe(2);
      expect(await dump(v2.reader('trial_balance'))).toBe(await freshReplay(harness, events));
      await v2.stop();
    });

    it('(e) read-your-writes waits are bounded: past the limit BusyError, timeouts answer false', async () => {
      const { events, store } = await fresh();
      const head = await new LogWriter(events).write(20);
      const e = engine({ events, store, projections: [trialBalanceProjection], maxWaiters: 3 });
      await e.start({ live: false });
      expect(await e.waitFor(head, 20)).toBe(false);
      const waits = [e.waitFor(head, 10_000), e.waitFor(head, 10_000), e.waitFor(head, 10_000, 'trial_balance')];
      await expect(e.waitFor(head, 10_000)).rejects.toBeInstanceOf(BusyError);
      expect(await e.waitFor(-1n, 10_000)).toBe(true); // already reached: takes no slot
      expect(e.progress().waiters).toBe(3);
      await e.catchUp();
      expect(await Promise.all(waits)).toEqual([true, true, true]);
      const progress = e.progress();
      expect({
        position: String(progress.position),
        head: String(progress.head),
        lag: String(progress.lag),
        waiters: progress.waiters,
      }).toEqual({
        position: String(head),
        head: String(head),
        lag: '0',
        waiters: 0,
      });
      expect(progress.rateEventsPerSecond).toBeGreaterThan(0);
      expect(progress.etaSeconds).toBe(0);
      await e.stop();
    });
  });
}

function journalAccount(all: readonly RecordedEvent[], account: string): string | undefined {
  const entries = all.map((e) => ({
    eventType: e.type,
    position: e.position,
    effectiveDate: effectiveDateOf(e),
    postings: e.data['postings'] as unknown as Posting[],
  }));
  const totals = foldJournal(entries).accounts.get(account);
  return totals ? totals.debit.minus(totals.credit).toFixed(2) : undefined;
}

export async function expectAppliedOnce(
  reader: ReturnType<ReturnType<typeof engine>['reader']>,
  count: number,
): Promise<void> {
  const rows = await reader.list('applied', { limit: 1000 });
  expect(rows).toHaveLength(count);
  expect(rows.filter((row) => row.values['times'] !== 1n).map((row) => row.key['position'])).toEqual([]);
}

export { until };
