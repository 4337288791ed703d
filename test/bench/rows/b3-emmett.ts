import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { sampleSettlement, pipelineMetadata } from '../support/domain';
import { timedLoops } from '../support/measure';
import type { Contender } from '../support/interleave';
import { ensurePeer, importPeer, peerVersion, type PeerModule } from '../support/peers';

export interface PeerContenders {
  version: string;
  one: Contender;
  sixteen: Contender;
  /** Extra contenders measured only in --full (informational). */
  extra: Contender[];
  note(): string;
  close(): Promise<void>;
}

const WRITERS = 16;
type EmmettResult = { success?: boolean; nextStreamPosition?: bigint; nextExpectedStreamVersion?: bigint };

/**
 * Emmett's SQLite appendToStream (emmett-sqlite + node-sqlite3) on a file in WAL mode with
 * synchronous=FULL set and checked on every connection; every append passes the exact expected version.
 * Its connection runs one transaction at a time (a shared nesting counter) and its event-store object
 * closes a file database after every call, so 16 writers share one long-lived connection, one append at a
 * time (what the library allows). With --full, 16 connections (one per writer) are measured too: they
 * contend for the write lock through SQLite's busy handler on libuv's 4 threads.
 */
export async function emmettSqliteContenders(
  directory: string,
  full: boolean,
  log: (line: string) => void,
): Promise<PeerContenders | { na: string }> {
  const peer = ensurePeer('emmett-sqlite', log);
  if (!peer.ok) return { na: peer.reason };
  let lib: PeerModule;
  let emmett: PeerModule;
  try {
    lib = await importPeer(peer.dir, '@event-driven-io/emmett-sqlite');
    emmett = await importPeer(peer.dir, '@event-driven-io/emmett');
  } catch (error) {
    return { na: `emmett-sqlite does not load (native sqlite3?): ${(error as Error).message.split('\n')[0]}` };
  }
  const fileName = join(directory, 'emmett.db');
  const connections: Array<{ close(): void }> = [];
  const open = async () => {
    const connection = lib['sqliteConnection']({ fileName });
    await connection.command('PRAGMA journal_mode = WAL');
    await connection.command('PRAGMA synchronous = FULL');
    await connection.command('PRAGMA busy_timeout = 2000');
    const sync = (await connection.querySingle('PRAGMA synchronous')) as { synchronous: number };
    if (sync.synchronous !== 2) throw new Error(`emmett connection synchronous=${JSON.stringify(sync)}, not FULL`);
    connections.push(connection);
    return connection;
  };
  const shared = await open();
  await lib['createEventStoreSchema'](shared);
  const sample = sampleSettlement();
  let busyRetries = 0;
  let gaveUp = 0;
  const contender = async (name: string, writers: number, mode: 'mutex' | 'connections'): Promise<Contender> => {
    const conns = mode === 'mutex' ? [shared] : await Promise.all(Array.from({ length: writers }, () => open()));
    let failedInSlice = 0;
    let tail: Promise<unknown> = Promise.resolve();
    const prefix = `emmett-${randomUUID()}`;
    const versions = new Array<bigint | undefined>(writers).fill(undefined);
    const appendOnce = (worker: number): Promise<EmmettResult> =>
      lib['appendToStream'](
        conns[mode === 'mutex' ? 0 : worker],
        `${prefix}-${worker}`,
        'bench',
        [{ type: sample.type, data: sample.data, metadata: pipelineMetadata(randomUUID(), '2024-02-10') }],
        { expectedStreamVersion: versions[worker] ?? emmett['STREAM_DOES_NOT_EXIST'] },
      );
    const step = async (worker: number): Promise<void> => {
      for (let attempt = 1; ; attempt += 1) {
        let result: EmmettResult;
        try {
          if (mode === 'mutex') {
            const turn = tail.then(() => appendOnce(worker));
            tail = turn.catch(() => undefined);
            result = await turn;
          } else result = await appendOnce(worker);
        } catch (error) {
          // BEGIN IMMEDIATE gave up with SQLITE_BUSY (Emmett then fails its ROLLBACK too): retry, bounded.
          if (attempt < (mode === 'mutex' ? 20 : 2) && /BUSY|rollback/i.test(String((error as Error).message))) {
            busyRetries += 1;
            continue;
          }
          if (mode === 'connections') {
            gaveUp += 1; // counted, not thrown: this contender is informational
            failedInSlice += 1;
            return;
          }
          throw error;
        }
        if (!result.success) throw new Error('emmett appendToStream refused an append (expected version)');
        versions[worker] = result.nextStreamPosition!;
        return;
      }
    };
    return {
      name,
      async slice(ms, maxOps) {
        // Emmett's withTransaction console.logs every error it rethrows: keep the output readable.
        const consoleLog = console.log;
        console.log = () => undefined;
        try {
          failedInSlice = 0;
          const { ops, seconds } = await timedLoops(writers, ms, maxOps, step);
          return { ops: ops - failedInSlice, seconds }; // successful appends only
        } finally {
          console.log = consoleLog;
        }
      },
    };
  };
  const one = await contender('emmett-sqlite 1 writer', 1, 'mutex');
  const sixteen = await contender('emmett-sqlite 16 writers, one connection', WRITERS, 'mutex');
  const extra = full ? [await contender('emmett-sqlite 16 writers, 16 connections', WRITERS, 'connections')] : [];
  return {
    version: peerVersion(peer.dir, '@event-driven-io/emmett-sqlite'),
    one,
    sixteen,
    extra,
    note: () =>
      `Emmett 16 writers share one connection (its connection runs one transaction at a time)${full ? `; 16 connections measured too (${busyRetries} SQLITE_BUSY retries, ${gaveUp} appends given up)` : ''}`,
    close: async () => {
      for (const connection of connections) {
        try {
          connection.close();
        } catch {
          // already closed
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200)); // node-sqlite3 closes on its own thread
    },
  };
}

/**
 * Emmett's PostgreSQL appendToStream (emmett-postgresql: pg pooled through dumbo) on the same server as
 * B2, synchronous_commit left at the server default (on), like our adapter.
 */
export async function emmettPostgresContenders(
  url: string,
  log: (line: string) => void,
): Promise<PeerContenders | { na: string }> {
  const peer = ensurePeer('emmett-postgresql', log);
  if (!peer.ok) return { na: peer.reason };
  let lib: PeerModule;
  let emmett: PeerModule;
  try {
    lib = await importPeer(peer.dir, '@event-driven-io/emmett-postgresql');
    emmett = await importPeer(peer.dir, '@event-driven-io/emmett');
  } catch (error) {
    return { na: `emmett-postgresql does not load: ${(error as Error).message.split('\n')[0]}` };
  }
  const store = lib['getPostgreSQLEventStore'](url, { schema: { autoMigration: 'CreateOrUpdate' } });
  await store.schema.migrate();
  const sample = sampleSettlement();
  const contender = (name: string, writers: number): Contender => {
    const prefix = `emmett-${randomUUID()}`;
    const versions = new Array<bigint | undefined>(writers).fill(undefined);
    const step = async (worker: number): Promise<void> => {
      const result = (await store.appendToStream(
        `${prefix}-${worker}`,
        [{ type: sample.type, data: sample.data, metadata: pipelineMetadata(randomUUID(), '2024-02-10') }],
        { expectedStreamVersion: versions[worker] ?? emmett['STREAM_DOES_NOT_EXIST'] },
      )) as EmmettResult;
      versions[worker] = result.nextExpectedStreamVersion!;
    };
    return { name, slice: (ms, maxOps) => timedLoops(writers, ms, maxOps, step) };
  };
  return {
    version: peerVersion(peer.dir, '@event-driven-io/emmett-postgresql'),
    one: contender('emmett-postgresql 1 writer', 1),
    sixteen: contender('emmett-postgresql 16 writers', WRITERS),
    extra: [],
    note: () => 'Emmett: its default pooled connection (pg.Pool through dumbo)',
    close: () => store.close(),
  };
}
