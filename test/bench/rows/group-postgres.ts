import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, schemaDdl } from '@ledger/event-store/postgres';
import { startTestPostgres, type TestPostgres } from '../../support/postgres-server';
import { benchEvent, sampleSettlement } from '../support/domain';
import { interleaved, roundsFor, type Contender } from '../support/interleave';
import { timedLoops } from '../support/measure';
import { naRow, ratioOf, errorText, type BenchOptions, type BenchRow } from '../support/types';
import { storeContender } from './b1-sqlite';
import { emmettPostgresContenders, type PeerContenders } from './b3-emmett';

const RAW_SCHEMA = 'bench_raw';

/**
 * Raw pg: one transaction per event, a single statement (the insert and the head upsert in one CTE, one
 * round trip, autocommit), on the same table shape as the adapter (its own DDL in another schema).
 * `clients` concurrent callers on a pool of that size.
 */
async function rawPgContender(url: string, clients: number): Promise<Contender & { close(): Promise<void> }> {
  const pool = new Pool({ connectionString: url, max: clients });
  pool.on('error', () => undefined);
  const sample = sampleSettlement();
  const prefix = `raw-${randomUUID()}`;
  const revisions = new Array<number>(clients).fill(-1);
  const text = `WITH e AS (
      INSERT INTO ${RAW_SCHEMA}.events (event_id, stream, revision, type, data, metadata)
      VALUES ($1, $2, $3, $4, $5, $6) RETURNING position)
    INSERT INTO ${RAW_SCHEMA}.streams (stream, revision, hash) VALUES ($2, $3, $7)
    ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash`;
  const step = async (worker: number): Promise<void> => {
    const event = benchEvent(sample);
    const revision = revisions[worker]! + 1;
    await pool.query({
      name: 'raw-append',
      text,
      values: [
        event.id,
        `${prefix}-${worker}`,
        revision,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        'h'.repeat(64),
      ],
    });
    revisions[worker] = revision;
  };
  return {
    name: `raw pg ${clients} client(s), 1 tx/event`,
    slice: (ms, maxOps) => timedLoops(clients, ms, maxOps, step),
    close: () => pool.end(),
  };
}

/** B2 and the PostgreSQL half of B3, on one throwaway server (or DATABASE_URL). */
export async function runPostgresGroup(options: BenchOptions, log: (line: string) => void): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let server: TestPostgres | undefined;
  let store: PostgresEventStore | undefined;
  let emmett: PeerContenders | { na: string } | undefined;
  const closers: Array<() => Promise<void>> = [];
  try {
    try {
      server = await startTestPostgres();
    } catch (error) {
      const reason = `no PostgreSQL server: ${errorText(error)}`;
      return [
        naRow('B2', 'PostgreSQL appends', '>= 1x raw at 16 writers', reason),
        naRow('B3', 'PostgreSQL vs Emmett', '>= 2x Emmett', reason),
      ];
    }
    log(`B2 PostgreSQL at ${server.url.replace(/:[^:@/]+@/, ':***@')}`);
    const setup = new Pool({ connectionString: server.url, max: 1 });
    const settings = await setup.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'wal_sync_method', 'server_version')",
    );
    await setup.query(`DROP SCHEMA IF EXISTS ${RAW_SCHEMA} CASCADE; DROP SCHEMA IF EXISTS bench_store CASCADE`);
    await setup.query(schemaDdl(RAW_SCHEMA));
    await setup.end();
    const serverNote = settings.rows.map((r) => `${r.name}=${r.setting}`).join(', ');
    log(`B2 server: ${serverNote}`);
    const raw1 = await rawPgContender(server.url, 1);
    const raw16 = await rawPgContender(server.url, 16);
    closers.push(raw1.close, raw16.close);
    store = await PostgresEventStore.open({ connectionString: server.url, schema: 'bench_store' });
    const store1 = storeContender('PostgresEventStore 1 writer', store, 1);
    const store16 = storeContender('PostgresEventStore 16 writers', store, 16);
    try {
      emmett = await emmettPostgresContenders(server.url, log);
    } catch (error) {
      emmett = { na: errorText(error) };
    }
    const contenders: Contender[] = [raw1, raw16, store1, store16];
    if (!('na' in emmett)) contenders.push(emmett.one, emmett.sixteen);
    const { rounds, sliceMs, maxOps } = roundsFor(options.full);
    const results = await interleaved(contenders, rounds, sliceMs, maxOps, (line) => log(`B2/B3 ${line}`));
    const failed = [raw1, raw16, store1, store16].map((c) => results.get(c.name)!).find((r) => r.error);
    if (failed) throw new Error(failed.error);
    const rate = (c: Contender) => results.get(c.name)!.rate;
    rows.push({
      id: 'B2',
      label: 'PostgreSQL, PostgresEventStore, 1 writer',
      figure: rate(store1),
      unit: 'events/s',
      baseline: rate(raw1),
      baselineLabel: 'raw pg, 1 client, 1 tx/event',
      ratio: ratioOf(rate(store1), rate(raw1)),
      target: 'info',
      met: null,
    });
    const ratio = ratioOf(rate(store16), rate(raw16));
    rows.push({
      id: 'B2',
      label: 'PostgreSQL, PostgresEventStore, 16 writers',
      figure: rate(store16),
      unit: 'events/s',
      baseline: rate(raw16),
      baselineLabel: 'raw pg, 16 clients, 1 tx/event',
      ratio,
      target: '>= 1x raw',
      met: ratio !== null && ratio >= 1,
      note: `${serverNote}; per-round: raw16 ${results.get(raw16.name)!.perRound.join('/')}, store16 ${results.get(store16.name)!.perRound.join('/')}`,
    });
    const emmettError =
      'na' in emmett ? undefined : [emmett.one, emmett.sixteen].map((c) => results.get(c.name)!.error).find(Boolean);
    if ('na' in emmett || emmettError) {
      rows.push(
        naRow(
          'B3',
          'PostgreSQL 16 writers vs Emmett appendToStream',
          '>= 2x Emmett',
          'na' in emmett ? emmett.na : emmettError!,
        ),
      );
    } else {
      rows.push({
        id: 'B3',
        label: `PostgreSQL 1 writer vs emmett-postgresql ${emmett.version}`,
        figure: rate(store1),
        unit: 'events/s',
        baseline: rate(emmett.one),
        baselineLabel: 'Emmett appendToStream, 1 writer',
        ratio: ratioOf(rate(store1), rate(emmett.one)),
        target: 'info',
        met: null,
      });
      const r = ratioOf(rate(store16), rate(emmett.sixteen));
      rows.push({
        id: 'B3',
        label: `PostgreSQL 16 writers vs emmett-postgresql ${emmett.version}`,
        figure: rate(store16),
        unit: 'events/s',
        baseline: rate(emmett.sixteen),
        baselineLabel: 'Emmett appendToStream, 16 writers',
        ratio: r,
        target: '>= 2x Emmett',
        met: r !== null && r >= 2,
        note: emmett.note(),
      });
    }
  } catch (error) {
    if (!rows.some((r) => r.id === 'B2'))
      rows.push(naRow('B2', 'PostgreSQL appends', '>= 1x raw at 16 writers', errorText(error)));
    if (!rows.some((r) => r.id === 'B3'))
      rows.push(naRow('B3', 'PostgreSQL vs Emmett', '>= 2x Emmett', errorText(error)));
  } finally {
    if (emmett && !('na' in emmett)) await emmett.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    for (const close of closers) await close().catch(() => undefined);
    await server?.stop();
  }
  return rows;
}
