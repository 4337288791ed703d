import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { SQLITE_SCHEMA } from '@ledger/event-store/sqlite/sqlite-schema';
import { benchEvent, sampleSettlement } from '../support/domain';
import { timedLoops } from '../support/measure';
import type { Contender } from '../support/interleave';

/**
 * Raw better-sqlite3 with the store's schema: per event one BEGIN IMMEDIATE, the head read, the insert,
 * the head upsert and COMMIT (one fsync in WAL with synchronous=FULL). Synchronous, so concurrency adds
 * nothing: this is the one-commit-per-event rate.
 */
export function rawSqliteContender(path: string): Contender & { close(): void } {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  if (db.pragma('synchronous', { simple: true }) !== 2) throw new Error('raw connection is not synchronous=FULL');
  db.exec(SQLITE_SCHEMA);
  const sample = sampleSettlement();
  const head = db.prepare('SELECT revision, hash FROM streams WHERE stream = ?');
  const insert = db.prepare(
    'INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const upsert = db.prepare(
    'INSERT INTO streams (stream, revision, hash) VALUES (?, ?, ?) ON CONFLICT(stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash',
  );
  const appendOne = db.transaction((stream: string, revision: number) => {
    head.get(stream);
    const event = benchEvent(sample);
    insert.run(
      event.id,
      stream,
      revision,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      new Date().toISOString(),
    );
    upsert.run(stream, revision, 'h'.repeat(64));
  });
  const stream = `raw-${randomUUID()}`;
  let revision = 0;
  return {
    name: 'raw better-sqlite3 (1 commit/event)',
    async slice(ms, maxOps) {
      const t0 = performance.now();
      let ops = 0;
      while (ops < maxOps && performance.now() - t0 < ms) {
        appendOne.immediate(stream, revision);
        revision += 1;
        ops += 1;
      }
      return { ops, seconds: (performance.now() - t0) / 1000 };
    },
    close: () => db.close(),
  };
}

/** `writers` async callers, each appending one event at a time to its own stream with the exact revision. */
export function storeContender(
  name: string,
  store: { append: SqliteEventStore['append'] },
  writers: number,
): Contender {
  const sample = sampleSettlement();
  const prefix = `bench-${randomUUID()}`;
  const revisions = new Array<bigint>(writers).fill(-1n);
  const step = async (worker: number): Promise<void> => {
    const expected = revisions[worker]! < 0n ? 'no_stream' : revisions[worker]!;
    const result = await store.append(`${prefix}-${worker}`, [benchEvent(sample)], expected);
    revisions[worker] = result.nextExpectedRevision;
  };
  return {
    name,
    async slice(ms, maxOps) {
      const { ops, seconds } = await timedLoops(writers, ms, maxOps, step);
      return { ops, seconds };
    },
  };
}
