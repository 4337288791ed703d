import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { interleaved, roundsFor, type Contender } from '../support/interleave';
import { naRow, ratioOf, errorText, type BenchOptions, type BenchRow } from '../support/types';
import { rawSqliteContender, storeContender } from './b1-sqlite';
import { emmettSqliteContenders, type PeerContenders } from './b3-emmett';

/**
 * B1 and the SQLite half of B3: raw better-sqlite3, SqliteEventStore (1 and 16 writers) and Emmett
 * (1 and 16 writers), all synchronous=FULL in WAL, measured in interleaved rounds in one process.
 */
export async function runSqliteGroup(options: BenchOptions, log: (line: string) => void): Promise<BenchRow[]> {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-sqlite-'));
  const rows: BenchRow[] = [];
  let raw: ReturnType<typeof rawSqliteContender> | undefined;
  let store: SqliteEventStore | undefined;
  let emmett: PeerContenders | { na: string } | undefined;
  try {
    raw = rawSqliteContender(join(directory, 'raw.db'));
    store = SqliteEventStore.open({ path: join(directory, 'store.db'), synchronous: 'FULL' });
    const store1 = storeContender('SqliteEventStore 1 writer', store, 1);
    const store16 = storeContender('SqliteEventStore 16 writers', store, 16);
    try {
      emmett = await emmettSqliteContenders(directory, options.full, log);
    } catch (error) {
      emmett = { na: errorText(error) };
    }
    const contenders: Contender[] = [raw, store1, store16];
    if (!('na' in emmett)) contenders.push(emmett.one, emmett.sixteen);
    const { rounds, sliceMs, maxOps } = roundsFor(options.full);
    const results = await interleaved(contenders, rounds, sliceMs, maxOps, (line) => log(`B1/B3 ${line}`));
    const failed = [raw, store1, store16].map((c) => results.get(c.name)!).find((r) => r.error);
    if (failed) throw new Error(failed.error);
    // Informational extras (Emmett with one connection per writer) stall for seconds on SQLite's busy
    // handler: one bounded slice each, after the interleaved rounds, never in them.
    const extras: string[] = [];
    for (const extra of 'na' in emmett ? [] : emmett.extra) {
      try {
        const { ops, seconds } = await extra.slice(sliceMs, maxOps);
        extras.push(`${extra.name}: ${(ops / seconds).toFixed(0)}/s (${ops} appends in ${seconds.toFixed(1)} s)`);
      } catch (error) {
        extras.push(`${extra.name}: failed (${errorText(error)})`);
      }
      log(`B3 ${extras[extras.length - 1]}`);
    }
    const rate = (c: Contender) => results.get(c.name)!.rate;
    const spread = (c: Contender) => results.get(c.name)!.perRound.join('/');
    const baselineLabel = 'raw better-sqlite3, 1 commit/event';
    rows.push({
      id: 'B1',
      label: 'SQLite FULL, SqliteEventStore, 1 writer',
      figure: rate(store1),
      unit: 'events/s',
      baseline: rate(raw),
      baselineLabel,
      ratio: ratioOf(rate(store1), rate(raw)),
      target: 'info',
      met: null,
      details: { rounds: { raw: spread(raw), store1: spread(store1) } },
    });
    const ratio16 = ratioOf(rate(store16), rate(raw));
    rows.push({
      id: 'B1',
      label: 'SQLite FULL, SqliteEventStore, 16 writers',
      figure: rate(store16),
      unit: 'events/s',
      baseline: rate(raw),
      baselineLabel,
      ratio: ratio16,
      target: '>= 4x raw',
      met: ratio16 !== null && ratio16 >= 4,
      note: `per-round rates: raw ${spread(raw)}, 16 writers ${spread(store16)}`,
    });
    const emmettError =
      'na' in emmett ? undefined : [emmett.one, emmett.sixteen].map((c) => results.get(c.name)!.error).find(Boolean);
    if ('na' in emmett || emmettError) {
      rows.push(
        naRow(
          'B3',
          'SQLite 16 writers vs Emmett appendToStream',
          '>= 2x Emmett',
          'na' in emmett ? emmett.na : emmettError!,
        ),
      );
    } else {
      rows.push({
        id: 'B3',
        label: `SQLite 1 writer vs emmett-sqlite ${emmett.version}`,
        figure: rate(store1),
        unit: 'events/s',
        baseline: rate(emmett.one),
        baselineLabel: 'Emmett appendToStream, 1 writer',
        ratio: ratioOf(rate(store1), rate(emmett.one)),
        target: 'info',
        met: null,
      });
      const ratio = ratioOf(rate(store16), rate(emmett.sixteen));
      const extra = extras.join('; ');
      rows.push({
        id: 'B3',
        label: `SQLite 16 writers vs emmett-sqlite ${emmett.version}`,
        figure: rate(store16),
        unit: 'events/s',
        baseline: rate(emmett.sixteen),
        baselineLabel: 'Emmett appendToStream, 16 writers',
        ratio,
        target: '>= 2x Emmett',
        met: ratio !== null && ratio >= 2,
        note: `${emmett.note()}${extra ? `; ${extra}` : ''}`,
      });
    }
  } catch (error) {
    if (rows.length === 0)
      rows.push(naRow('B1', 'SQLite FULL appends, SqliteEventStore', '>= 4x raw', errorText(error)));
    rows.push(naRow('B3', 'SQLite vs Emmett appendToStream', '>= 2x Emmett', errorText(error)));
  } finally {
    if (emmett && !('na' in emmett)) await emmett.close();
    raw?.close();
    await store?.close();
    rmSync(directory, { recursive: true, force: true });
  }
  return rows;
}
