/**
 * Apply rate of the pilot trial balance on SQLite against a raw readAll scan of the same log, same run.
 * Not a jest test. Run (from the repository root):
 *   node --expose-gc -r ts-node/register/transpile-only -r tsconfig-paths/register libs/read-store/test/bench-pilot.ts [events]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { ReadModelEngine, trialBalance, trialBalanceProjection } from '../src';
import { openSqliteReadStore } from '../src/sqlite';
import { LogWriter } from './support';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000);
  const directory = mkdtempSync(join(tmpdir(), 'read-store-bench-'));
  const events = SqliteEventStore.open({ path: join(directory, 'events.db') });
  try {
    await new LogWriter(events).write(count, () => ({}), 1000);
    const scanStart = performance.now();
    let scanned = 0;
    let after: bigint | undefined;
    for (;;) {
      const page = await events.readAll({ limit: 500, ...(after === undefined ? {} : { after }) });
      if (page.length === 0) break;
      scanned += page.length;
      after = page[page.length - 1]!.position;
    }
    const scanMs = performance.now() - scanStart;
    const store = await openSqliteReadStore({ path: join(directory, 'read.db') }); // WAL, synchronous=FULL
    const engine = new ReadModelEngine({ events, store, projections: [trialBalanceProjection], pageSize: 500 });
    await engine.start({ live: false });
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    const applyStart = performance.now();
    await engine.catchUp();
    const applyMs = performance.now() - applyStart;
    gc?.();
    const heapGrowthMiB = Math.round((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20);
    const rssGrowthMiB = Math.round((process.memoryUsage().rss - rssBefore) / 2 ** 20);
    const tbStart = performance.now();
    const balance = await trialBalance(engine.reader('trial_balance'), { position: BigInt(Math.floor(count / 2)) });
    const tbMs = performance.now() - tbStart;
    await engine.stop();
    await store.close();
    const rate = (n: number, ms: number): number => Math.round((n * 1000) / ms);
    console.log(
      JSON.stringify(
        {
          events: count,
          rawReadAllEventsPerSecond: rate(scanned, scanMs),
          pilotApplyEventsPerSecond: rate(count, applyMs),
          ratioApplyToScan: Number((scanMs / applyMs).toFixed(3)),
          rssGrowthMiB,
          heapGrowthAfterGcMiB: gc ? heapGrowthMiB : 'run node with --expose-gc',
          trialBalanceAsOfMidpointMs: Math.round(tbMs),
          balanced: balance.ok,
        },
        null,
        2,
      ),
    );
  } finally {
    await events.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
