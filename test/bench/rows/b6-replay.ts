import Database from 'better-sqlite3';
import { MAX_PAGE_SIZE, type RecordedEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Projector, ProjectorGroup, SqliteSnapshotStore, foldAllUpTo, foldAsOf, type Projection } from '@ledger/projections';
import { LIVE_PROJECTIONS, historyEveryEvents } from '@ledger/fund-ledger/read-models/live-projections';
import { fundBalancesProjection } from '@ledger/fund-ledger/read-models/fund-balances.projection';
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
 * What the service does when it starts with no snapshots (or after `cli rebuild`): every live projection
 * on one ProjectorGroup subscription, saving snapshots and as-of history as it goes, until caught up.
 */
async function serviceCatchUp(
  store: SqliteEventStore,
  snapshots: SqliteSnapshotStore,
  projections: ReadonlyArray<Projection<unknown>>,
  sampler: RssSampler,
): Promise<{ seconds: number; events: number }> {
  const projectors = projections.map((p) => new Projector(p, store, snapshots, { historyEveryEvents: historyEveryEvents(p.name) }));
  const group = new ProjectorGroup(projectors, store);
  const timer = setInterval(() => sampler.sample(), 10);
  const t0 = performance.now();
  try {
    await group.start();
    for (const projector of projectors) {
      if (!(await projector.caughtUp(30 * 60_000))) throw new Error(`${projector.projection.name} did not catch up`);
    }
    const seconds = (performance.now() - t0) / 1000;
    await group.stop();
    return { seconds, events: Number(projectors[0]!.position) };
  } finally {
    clearInterval(timer);
  }
}

/**
 * B6: replay of the generated store (100k quick, 1M full) into every live projection, each folded with
 * the service's catch-up (one ProjectorGroup subscription), against a raw scan + JSON.parse of the
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
    store = SqliteEventStore.open({ path: info.path });
    collectGarbage();
    const rssBefore = process.memoryUsage.rss();
    sampler.reset();
    const snapshotsPath = join(mkdtempSync(join(tmpdir(), 'bench-b6-')), 'projections.db');
    const snapshots = new SqliteSnapshotStore(snapshotsPath);
    const caught = await serviceCatchUp(store, snapshots, LIVE_PROJECTIONS, sampler);
    const peak = sampler.peakBytes();
    const rate = raw.rows / caught.seconds;
    const ratio = ratioOf(rate, rawRate);
    const historyRows = (await Promise.all(LIVE_PROJECTIONS.map((p) => snapshots.historyIndex(p.name, p.version)))).flat().length;
    rows.push({
      id: 'B6',
      label: `replay ${raw.rows.toLocaleString('en-US')} events into ${LIVE_PROJECTIONS.length} live projections (the service's catch-up: one subscription, snapshots + as-of history)`,
      figure: rate,
      unit: 'events/s',
      baseline: rawRate,
      baselineLabel: 'raw scan + JSON.parse',
      ratio,
      target: '>= 50% of raw',
      met: ratio !== null && ratio >= 0.5,
      note: `${caught.seconds.toFixed(1)} s for ${caught.events} positions; ${historyRows} as-of snapshots written (fund balances every ${historyEveryEvents('fund-balances')} events); snapshot file ${mib(statSync(snapshotsPath).size)} MiB`,
      details: { events: raw.rows, seconds: caught.seconds, generatedSeconds: info.seconds, historyRows },
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
      label: 'replay by foldAllUpTo (cli replay: one pass, no snapshots)',
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
    // B7b/c: fund balances as of a past position and a past date, as the API's ?asOf= reads them: from
    // the nearest as-of snapshot the catch-up above wrote.
    for (const kind of ['position', 'time'] as const) {
      const fundSamples = 5;
      const fundMs: number[] = [];
      const from: string[] = [];
      for (let i = 0; i < fundSamples; i += 1) {
        const position = (head * BigInt(50 + Math.floor(random() * 50))) / 100n; // in the later half of the log
        const [event] = await store.readAll({ after: position - 1n, limit: 1 });
        const instant = String(event!.metadata['recordedAt']);
        collectGarbage();
        const t = performance.now();
        const folded = await foldAsOf(fundBalancesProjection, store, snapshots, kind === 'position' ? { kind, position } : { kind, instant });
        fundMs.push(performance.now() - t);
        from.push(folded.fromSnapshot === null ? 'zero' : folded.fromSnapshot.toString());
      }
      const fb = summarise(fundMs);
      rows.push({
        id: 'B7',
        label: `as-of fund balances at a past ${kind === 'position' ? 'position' : 'date-time'} (from the nearest as-of snapshot), ${fundSamples} samples`,
        figure: fb.max,
        unit: 'ms',
        baseline: null,
        baselineLabel: '',
        ratio: null,
        target: 'p99 <= 2 s',
        met: fb.max <= 2_000,
        note: `samples ${fundMs.map((m) => m.toFixed(0)).join(', ')} ms (p99 of ${fundSamples} = max); started from snapshots at ${from.join(', ')}; later half of ${head} events`,
      });
    }
    await snapshots.close();
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
