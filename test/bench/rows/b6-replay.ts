import Database from 'better-sqlite3';
import { MAX_PAGE_SIZE, type RecordedEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { foldUpTo, type Projection } from '@ledger/projections';
import { fundBalancesProjection } from '@ledger/fund-ledger/read-models/fund-balances.projection';
import { foldEvent, initialFold, renderBudgetView } from '@ledger/fund-ledger/hospital-budget/hospital-budget.view';
import type { HospitalBudgetEvent } from '@ledger/fund-ledger/hospital-budget/hospital-budget.events';
import { replayStore } from '../support/generate';
import { collectGarbage, mib, RssSampler, summarise } from '../support/measure';
import { naRow, ratioOf, errorText, type BenchOptions, type BenchRow } from '../support/types';

const RSS_LIMIT_MIB = 1024;

/** LIVE_PROJECTIONS, wherever the read-models folder keeps it (it moved once while this was written). */
function liveProjections(): ReadonlyArray<Projection<unknown>> {
  for (const module of [
    '@ledger/fund-ledger/read-models/live-projections',
    '@ledger/fund-ledger/read-models/projection-registry',
  ]) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = (require(module) as { LIVE_PROJECTIONS?: unknown }).LIVE_PROJECTIONS;
      if (Array.isArray(exported)) return exported as ReadonlyArray<Projection<unknown>>;
    } catch {
      // not there: try the next place
    }
  }
  throw new Error('LIVE_PROJECTIONS not found in libs/fund-ledger/src/read-models');
}

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

/** The suggested alternative: one readAll pass, every projection applied to each event. */
async function onePass(
  store: SqliteEventStore,
  projections: ReadonlyArray<Projection<unknown>>,
  sampler: RssSampler,
): Promise<number> {
  const states = projections.map((p) => p.initialState());
  let after: bigint | undefined;
  let events = 0;
  for (;;) {
    const page: RecordedEvent[] = await store.readAll({ after, limit: MAX_PAGE_SIZE });
    for (const event of page) {
      for (let i = 0; i < projections.length; i += 1) states[i] = projections[i]!.apply(states[i], event);
    }
    events += page.length;
    sampler.sample();
    if (page.length < MAX_PAGE_SIZE) return events;
    after = page[page.length - 1]!.position;
  }
}

/**
 * B6: replay of the generated store (100k quick, 1M full) into every live projection, each folded with
 * foldUpTo (what a rebuild does today: one scan per projection), against a raw scan + JSON.parse of the
 * same rows; peak RSS sampled by a worker thread. B7: as-of reads on the same store.
 */
export async function runReplayGroup(options: BenchOptions, log: (line: string) => void): Promise<BenchRow[]> {
  const target = options.full ? 1_000_000 : 100_000;
  const rows: BenchRow[] = [];
  let store: SqliteEventStore | undefined;
  const sampler = new RssSampler(10);
  try {
    const info = await replayStore(target, log);
    if (info.generatedNow)
      log(`B6 generated ${info.events} events in ${info.seconds.toFixed(0)} s (cached for next runs)`);
    collectGarbage();
    const raw = rawScan(info.path);
    const rawRate = raw.rows / raw.seconds;
    log(`B6 raw scan: ${raw.rows} rows in ${raw.seconds.toFixed(2)} s = ${rawRate.toFixed(0)}/s`);
    const LIVE_PROJECTIONS = liveProjections();
    store = SqliteEventStore.open({ path: info.path });
    collectGarbage();
    const rssBefore = process.memoryUsage.rss();
    sampler.reset();
    const perProjection: Record<string, number> = {};
    const t0 = performance.now();
    for (const projection of LIVE_PROJECTIONS) {
      const t = performance.now();
      const folded = await foldUpTo(projection, store, undefined, { onProgress: () => sampler.sample() });
      perProjection[projection.name] = (performance.now() - t) / 1000;
      if (folded.checkpoint < 0n) throw new Error(`projection ${projection.name} folded nothing`);
      log(`B6 foldUpTo ${projection.name}: ${perProjection[projection.name]!.toFixed(2)} s`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const peak = sampler.peakBytes();
    const rate = raw.rows / seconds;
    const ratio = ratioOf(rate, rawRate);
    const slowest = Object.entries(perProjection).sort((a, b) => b[1] - a[1])[0]!;
    rows.push({
      id: 'B6',
      label: `replay ${raw.rows.toLocaleString('en-US')} events into ${LIVE_PROJECTIONS.length} live projections (foldUpTo each)`,
      figure: rate,
      unit: 'events/s',
      baseline: rawRate,
      baselineLabel: 'raw scan + JSON.parse',
      ratio,
      target: '>= 50% of raw',
      met: ratio !== null && ratio >= 0.5,
      note: `${seconds.toFixed(1)} s in all; slowest ${slowest[0]} ${slowest[1].toFixed(1)} s; per projection ${Object.entries(
        perProjection,
      )
        .map(([n, s]) => `${n} ${s.toFixed(1)}s`)
        .join(', ')}`,
      details: { perProjection, events: raw.rows, generatedSeconds: info.seconds },
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
    const one = await onePass(store, LIVE_PROJECTIONS, sampler);
    const oneRate = one / ((performance.now() - t1) / 1000);
    rows.push({
      id: 'B6',
      label: 'replay, one readAll pass feeding all projections (suggested)',
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
    // B7b: fund balances as of a past position: foldUpTo of the fund-balances projection.
    const fundSamples = options.full ? 3 : 3;
    const fundMs: number[] = [];
    for (let i = 0; i < fundSamples; i += 1) {
      const asOf = (head * BigInt(50 + Math.floor(random() * 50))) / 100n; // in the later half of the log
      collectGarbage();
      const t = performance.now();
      await foldUpTo(fundBalancesProjection, store, asOf);
      fundMs.push(performance.now() - t);
    }
    const fb = summarise(fundMs);
    rows.push({
      id: 'B7',
      label: `as-of fund balances (foldUpTo fund-balances to a past position), ${fundSamples} samples`,
      figure: fb.max,
      unit: 'ms',
      baseline: null,
      baselineLabel: '',
      ratio: null,
      target: 'p99 <= 2 s',
      met: fb.max <= 2_000,
      note: `samples ${fundMs.map((m) => m.toFixed(0)).join(', ')} ms (p99 of ${fundSamples} = max); positions in the later half of ${head} events`,
    });
  } catch (error) {
    if (!rows.some((r) => r.id === 'B6'))
      rows.push(naRow('B6', 'replay', '>= 50% raw; RSS <= 1 GiB', errorText(error)));
    if (!rows.some((r) => r.id === 'B7'))
      rows.push(naRow('B7', 'as-of queries', 'p99 <= 50 ms; <= 2 s', errorText(error)));
  } finally {
    await sampler.stop();
    await store?.close();
  }
  return rows;
}
