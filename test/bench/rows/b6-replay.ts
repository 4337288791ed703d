import Database from 'better-sqlite3';
import { MAX_PAGE_SIZE, type RecordedEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foldAllUpTo } from '@ledger/projections';
import { ReadModelEngine, type ProjectionReader, type SqlReadStore } from '@ledger/read-store';
import { openSqliteReadStore } from '@ledger/read-store/sqlite';
import { LIVE_PROJECTIONS } from '@ledger/fund-ledger/read-models/live-projections';
import { DURABLE_PROJECTIONS } from '@ledger/fund-ledger/read-models/durable/durable-projections';
import { fundBalancesAt } from '@ledger/fund-ledger/read-models/durable/fund-balances.read-model';
import type { ReadPoint } from '@ledger/fund-ledger/read-models/read-side.port';
import { foldEvent, initialFold, renderBudgetView } from '@ledger/fund-ledger/hospital-budget/hospital-budget.view';
import type { HospitalBudgetEvent } from '@ledger/fund-ledger/hospital-budget/hospital-budget.events';
import { replayStore } from '../support/generate';
import { collectGarbage, mib, RssSampler, summarise } from '../support/measure';
import { naRow, ratioOf, errorText, type BenchOptions, type BenchRow } from '../support/types';

const RSS_LIMIT_MIB = 1024;

/** Raw scan: every row in position order, data and metadata JSON.parse'd (safe integers, like the store). */
function rawScan(path: string): { rows: number; seconds: number } {
  const db = new Database(path, { readonly: true });
  db.defaultSafeIntegers(true);
  const t0 = performance.now();
  let rows = 0;
  let sink = 0;
  for (const row of db.prepare('SELECT * FROM events ORDER BY position').iterate() as Iterable<{
    data: string;
    metadata: string;
  }>) {
    const data = JSON.parse(row.data) as Record<string, unknown>;
    const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
    if (data && metadata) sink += 1;
    rows += 1;
  }
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  if (sink !== rows) throw new Error('raw scan lost rows');
  return { rows, seconds };
}

/**
 * What the service does when it starts on a log its read models have not seen (or after a rebuild): the
 * read-model engine reads the log once, in pages, and applies each page to every durable read model in one
 * transaction per read model with its checkpoint, into an SQLite read store beside the event store.
 */
async function serviceCatchUp(
  store: SqliteEventStore,
  readStore: SqlReadStore,
  sampler: RssSampler,
): Promise<{ seconds: number; events: number; engine: ReadModelEngine }> {
  const engine = new ReadModelEngine({ events: store, store: readStore, projections: DURABLE_PROJECTIONS });
  const timer = setInterval(() => sampler.sample(), 10);
  const t0 = performance.now();
  try {
    await engine.start({ live: false });
    await engine.catchUp();
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, events: Number(engine.progress().position), engine };
  } finally {
    clearInterval(timer);
  }
}

/**
 * B6: replay of the generated store (100k quick, 1M full) into every durable read model, as the service
 * catches up, against a raw scan + JSON.parse of the same rows and the previous in-memory fold of the same
 * projections (same run); peak RSS sampled every 10 ms. B7: as-of reads on the same store.
 */
export async function runReplayGroup(options: BenchOptions, log: (line: string) => void): Promise<BenchRow[]> {
  const target = options.full ? 1_000_000 : 100_000;
  const rows: BenchRow[] = [];
  let store: SqliteEventStore | undefined;
  let readStore: SqlReadStore | undefined;
  const sampler = new RssSampler(10);
  try {
    const info = await replayStore(target, log);
    if (info.generatedNow)
      log(`B6 generated ${info.events} events in ${info.seconds.toFixed(0)} s (cached for next runs)`);
    collectGarbage();
    const raw = rawScan(info.path);
    const rawRate = raw.rows / raw.seconds;
    log(`B6 raw scan: ${raw.rows} rows in ${raw.seconds.toFixed(2)} s = ${rawRate.toFixed(0)}/s`);
    store = SqliteEventStore.open({ path: info.path });
    collectGarbage();
    const rssBefore = process.memoryUsage.rss();
    sampler.reset();
    const readModelsPath = join(mkdtempSync(join(tmpdir(), 'bench-b6-')), 'read-models.db');
    readStore = await openSqliteReadStore({ path: readModelsPath });
    const caught = await serviceCatchUp(store, readStore, sampler);
    const peak = sampler.peakBytes();
    const rate = raw.rows / caught.seconds;
    const ratio = ratioOf(rate, rawRate);
    const readModelBytes = statSync(readModelsPath).size + (existsSync(`${readModelsPath}-wal`) ? statSync(`${readModelsPath}-wal`).size : 0);
    rows.push({
      id: 'B6',
      label: `replay ${raw.rows.toLocaleString('en-US')} events into ${DURABLE_PROJECTIONS.length} durable read models (the service's catch-up: one reader, pages, one transaction per read model)`,
      figure: rate,
      unit: 'events/s',
      baseline: rawRate,
      baselineLabel: 'raw scan + JSON.parse',
      ratio,
      target: '>= 50% of raw',
      met: ratio !== null && ratio >= 0.5,
      note: `${caught.seconds.toFixed(1)} s for ${caught.events} positions; read models on disk ${mib(readModelBytes)} MiB (${(readModelBytes / raw.rows).toFixed(0)} bytes/event)`,
      details: { events: raw.rows, seconds: caught.seconds, generatedSeconds: info.seconds, readModelBytes },
    });
    rows.push({
      id: 'B6',
      label: 'replay peak RSS (process, sampled every 10 ms)',
      figure: mib(peak),
      unit: 'MiB',
      baseline: null,
      baselineLabel: '',
      ratio: null,
      target: '<= 1 GiB',
      met: mib(peak) <= RSS_LIMIT_MIB,
      note: `RSS before the replay ${mib(rssBefore)} MiB (ts-node and TypeScript add 70-100 MiB over the same modules from dist/)`,
    });
    collectGarbage();
    const t1 = performance.now();
    const one = await foldAllUpTo(LIVE_PROJECTIONS, store, undefined, { onProgress: () => sampler.sample() });
    const oneRate = Number(one.checkpoint) / ((performance.now() - t1) / 1000);
    rows.push({
      id: 'B6',
      label: 'the same projections folded in memory by foldAllUpTo (the previous catch-up, same run)',
      figure: oneRate,
      unit: 'events/s',
      baseline: rawRate,
      baselineLabel: 'raw scan + JSON.parse',
      ratio: ratioOf(oneRate, rawRate),
      target: 'info',
      met: null,
    });

    // B7a: one hospital-year as of a past position, as GET /hospital-budgets/:f/:p/:y?asOfPosition= does it.
    const samples = options.full ? 1_000 : 300;
    const latencies: number[] = [];
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const head = await store.headPosition();
    for (let i = 0; i < samples; i += 1) {
      const stream = info.streams[Math.floor(random() * info.streams.length)]!;
      const t = performance.now();
      const events = await store.readStream(stream, { limit: MAX_PAGE_SIZE });
      const asOf = events[Math.floor(random() * events.length)]!.position;
      let fold = initialFold();
      let last: RecordedEvent | undefined;
      for (const event of events) {
        if (event.position > asOf) break;
        fold = foldEvent(fold, event as unknown as HospitalBudgetEvent);
        last = event;
      }
      renderBudgetView(fold, { stream, revision: last!.revision, position: last!.position, asOfPosition: asOf });
      latencies.push(performance.now() - t);
    }
    const hy = summarise(latencies);
    rows.push({
      id: 'B7',
      label: `as-of one hospital-year (read stream, fold to a past position), ${samples} samples`,
      figure: hy.p99,
      unit: 'ms',
      baseline: null,
      baselineLabel: '',
      ratio: null,
      target: 'p99 <= 50 ms',
      met: hy.p99 <= 50,
      note: `p50 ${hy.p50.toFixed(2)} ms, max ${hy.max.toFixed(2)} ms`,
    });
    // B7b/c: fund balances as of a past position and a past date-time, as the API's ?asOf= reads them: an
    // indexed lookup of the versions valid then in the durable read model the catch-up above wrote.
    const reader: ProjectionReader = caught.engine.reader('fund_balances');
    for (const kind of ['position', 'time'] as const) {
      const fundSamples = options.full ? 200 : 50;
      const fundMs: number[] = [];
      for (let i = 0; i < fundSamples; i += 1) {
        const position = (head * BigInt(Math.floor(random() * 100))) / 100n + 1n; // spread over the history
        const [event] = await store.readAll({ after: position - 1n, limit: 1 });
        const instant = String(event!.metadata['recordedAt']);
        const point: ReadPoint =
          kind === 'position'
            ? { asOf: position.toString(), position: position.toString(), at: { position }, lastRecordedAt: instant }
            : { asOf: instant, position: position.toString(), at: { recordedAt: instant }, lastRecordedAt: null };
        const t = performance.now();
        await fundBalancesAt(reader, point);
        fundMs.push(performance.now() - t);
      }
      const fb = summarise(fundMs);
      rows.push({
        id: 'B7',
        label: `as-of fund balances at a past ${kind === 'position' ? 'position' : 'date-time'} (indexed versions of the durable read model), ${fundSamples} samples`,
        figure: fb.p99,
        unit: 'ms',
        baseline: null,
        baselineLabel: '',
        ratio: null,
        target: 'p99 <= 100 ms',
        met: fb.p99 <= 100,
        note: `p50 ${fb.p50.toFixed(1)} ms, max ${fb.max.toFixed(1)} ms; positions spread over ${head} events`,
      });
    }
    await caught.engine.stop();
  } catch (error) {
    if (!rows.some((r) => r.id === 'B6'))
      rows.push(naRow('B6', 'replay', '>= 50% raw; RSS <= 1 GiB', errorText(error)));
    if (!rows.some((r) => r.id === 'B7'))
      rows.push(naRow('B7', 'as-of queries', 'p99 <= 50 ms; <= 2 s', errorText(error)));
  } finally {
    await sampler.stop();
    await readStore?.close();
    await store?.close();
  }
  return rows;
}
