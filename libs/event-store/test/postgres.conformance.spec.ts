import { randomUUID } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { Client } from 'pg';
import {
  DuplicateCommandError,
  DuplicateEventIdError,
  EventStoreArgumentError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  verifyAll,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../src';
import { PostgresEventStore } from '../src/postgres';
import { describeEventStoreConformance, newEvent } from './conformance';
import { describeImportAndBoundsConformance } from './import-and-bounds.conformance';
import { postgresTestSchemas } from './postgres-test-schemas';

const { serverUrl, freshSchema, openStore, withClient } = postgresTestSchemas('es_test');

describeEventStoreConformance('postgres', {
  globallyUniqueEventIds: true,
  create: (): Promise<EventStore> => openStore(),
  async tamper(store: EventStore, eventId: string): Promise<void> {
    // An intruder with owner rights: switch the append-only trigger off, edit the row, switch it back on.
    const { schema } = store as PostgresEventStore;
    await withClient(async (client) => {
      await client.query('BEGIN');
      await client.query(`ALTER TABLE "${schema}".events DISABLE TRIGGER events_no_update_delete`);
      await client.query(`UPDATE "${schema}".events SET data = jsonb_set(data, '{i}', '999') WHERE event_id = $1`, [
        eventId,
      ]);
      await client.query(`ALTER TABLE "${schema}".events ENABLE TRIGGER events_no_update_delete`);
      await client.query('COMMIT');
    });
  },
});

describeImportAndBoundsConformance('postgres', {
  create: () => openStore(),
  createBounded: (maxPendingAppends: number) => openStore({ maxPendingAppends }),
});

const events = (count: number, type = 'Tested'): NewEvent[] =>
  Array.from({ length: count }, (_, i) => newEvent(type, { i }));

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Settles-or-not probe: lets a test assert that a promise is still pending. */
function track<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  return { promise, settled: () => done };
}

describe('PostgresEventStore specifics', () => {
  describe('global order without visibility holes', () => {
    it('several processes append concurrently while a subscriber reads: every event once, in order', async () => {
      const first = await openStore();
      const schema = first.schema;
      // Each store has its own pool, group-commit queue and LISTEN connection: a separate process, as far
      // as PostgreSQL can tell.
      const processes = [first, ...(await Promise.all([1, 2, 3].map(() => openStore({ schema, poolMax: 3 }))))];
      // Small pages and a 1 ms poll: the subscriber reads as often as it can, which is when a hole would bite.
      const reader = await openStore({ schema, pollIntervalMs: 1 });
      const streamsPerProcess = 4;
      const appendsPerStream = 40;
      const written: string[] = [];
      const seen: RecordedEvent[] = [];
      const subscription = reader.subscribeAll({ batchSize: 7 }, (event) => void seen.push(event));
      try {
        await Promise.all(
          processes.flatMap((store, p) =>
            Array.from({ length: streamsPerProcess }, async (_, s) => {
              let expected: bigint | 'no_stream' = 'no_stream';
              for (let i = 0; i < appendsPerStream; i += 1) {
                const batch = events(1 + ((i + s) % 3), 'Concurrent');
                written.push(...batch.map((e) => e.id));
                expected = (await store.append(`p${p}-s${s}`, batch, expected)).nextExpectedRevision;
              }
            }),
          ),
        );
        // Wait until the subscriber has reached the head, not until it has seen every event: an event it
        // skipped would never arrive, and the comparison below names what is missing at once.
        const head = await reader.headPosition();
        await until(async () => seen.at(-1)?.position === head, 'the subscriber reached the head', 60_000);
        await new Promise((resolve) => setTimeout(resolve, 100)); // anything delivered twice would show now
      } finally {
        await subscription.stop();
        await Promise.all([...processes, reader].map((store) => store.close()));
      }
      const seenIds = new Set(seen.map((e) => e.id));
      const skipped = written.filter((id) => !seenIds.has(id)).length;
      const repeated = seen.length - seenIds.size;
      const outOfOrder = seen.filter((e, i) => i > 0 && e.position <= seen[i - 1]!.position).length;
      expect({ written: written.length, skipped, repeated, outOfOrder }).toEqual({
        written: written.length,
        skipped: 0,
        repeated: 0,
        outOfOrder: 0,
      });
      expect(seenIds).toEqual(new Set(written));
      const revisionsByStream = new Map<string, string[]>();
      for (const e of seen)
        revisionsByStream.set(e.stream, [...(revisionsByStream.get(e.stream) ?? []), String(e.revision)]);
      for (const revisions of revisionsByStream.values()) {
        expect(revisions).toEqual(revisions.map((_, i) => String(i)));
      }
    });

    it('an append in flight with a smaller position holds back every later append, in any process', async () => {
      const a = await openStore();
      const b = await openStore({ schema: a.schema });
      const reader = await openStore({ schema: a.schema });
      const blocker = new Client({ connectionString: await serverUrl() });
      await blocker.connect();
      try {
        // The blocker inserts a command id and does not commit. A's append to the same command id then
        // takes the append lock, inserts its event (its position is assigned) and waits at the command
        // row: an append in flight, uncommitted, holding a position.
        await blocker.query('BEGIN');
        await blocker.query(
          `INSERT INTO "${a.schema}".commands (command_id, body_hash, stream, first_revision, last_revision, position)
           VALUES ('held', 'h', 'x', 0, 0, 0)`,
        );
        const start = await reader.headPosition();
        const inFlight = track(
          a.append('slow', events(1), 'no_stream', { command: { commandId: 'held', bodyHash: 'h' } }),
        );
        await until(() => waitingOn('transactionid', `%${a.schema}%`), 'A waits for the blocker');
        // B, another process, appends to another stream. Without the lock it would take the next position
        // and commit, while A's smaller position is still invisible: a reader at `position > checkpoint`
        // would move past A's event for good.
        const later = track(b.append('fast', events(1), 'no_stream'));
        await until(() => waitingOn('advisory', '%pg_advisory_xact_lock%'), 'B waits for the append lock');
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(later.settled()).toBe(false);
        expect(inFlight.settled()).toBe(false);
        expect(await reader.readAll({ after: start, limit: 10 })).toEqual([]);

        await blocker.query('ROLLBACK');
        const [slow, fast] = await Promise.all([inFlight.promise, later.promise]);
        expect(fast.position > slow.position).toBe(true);
        const visible = await reader.readAll({ after: start, limit: 10 });
        expect(visible.map((e) => e.stream)).toEqual(['slow', 'fast']);
      } finally {
        await blocker.end();
        await Promise.all([a.close(), b.close(), reader.close()]);
      }
    });

    it('(control) inserts without the lock do leave a hole that `position > checkpoint` skips', async () => {
      // Why the lock exists, shown on this very server: plain concurrent inserts into the same table.
      const store = await openStore();
      const insert = `INSERT INTO "${store.schema}".events (event_id, stream, revision, type, data, metadata)
                      VALUES ($1, $1, 0, 'Raw', '{}', '{}')`;
      const slow = new Client({ connectionString: await serverUrl() });
      await slow.connect();
      try {
        await slow.query('BEGIN');
        await slow.query(insert, [randomUUID()]); // takes the smaller position, commits later
        await withClient((fast) => fast.query(insert, [randomUUID()]));
        const firstPoll = await store.readAll({ limit: 10 });
        expect(firstPoll).toHaveLength(1);
        await slow.query('COMMIT');
        const secondPoll = await store.readAll({ after: firstPoll[0]!.position, limit: 10 });
        expect(secondPoll).toEqual([]); // the slow event is skipped by a checkpointing reader
        expect(await store.readAll({ limit: 10 })).toHaveLength(2);
      } finally {
        await slow.end();
        await store.close();
      }
    });
  });

  describe('group commit', () => {
    it('commits concurrent appends of one process together, at most 64 per transaction', async () => {
      const store = await openStore();
      try {
        const results = await Promise.all(
          Array.from({ length: 130 }, (_, i) => store.append(`g-${i}`, events(1), 'no_stream')),
        );
        expect(results).toHaveLength(130);
        // now() is the transaction's start time, in microseconds: one value per transaction.
        const transactions = await withClient(async (client) => {
          const { rows } = await client.query<{ n: string }>(
            `SELECT count(DISTINCT recorded_at) AS n FROM "${store.schema}".events`,
          );
          return Number(rows[0]!.n);
        });
        expect(transactions).toBe(3); // 64 + 64 + 2
        expect((await verifyAll(store)).ok).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('keeps each append of a batch to itself: refusals roll back only their own savepoint', async () => {
      const store = await openStore();
      try {
        await store.append('taken', events(2), 'no_stream');
        const reused = newEvent();
        await store.append('owner', [reused], 'no_stream');
        const outcomes = await Promise.allSettled([
          store.append('ok-1', events(2), 'no_stream'),
          store.append('taken', events(1), 0n), // stale
          store.append('thief', [reused], 'no_stream'), // id stored elsewhere
          store.append('nul', [newEvent('Bad', { text: 'a\u0000b' })], 'no_stream'), // jsonb refuses \u0000
          store.append('ok-2', events(3), 'no_stream'),
          store.append('bad\u0000name', events(1), 'no_stream'), // text columns refuse NUL
        ]);
        expect(outcomes.map((o) => o.status)).toEqual([
          'fulfilled',
          'rejected',
          'rejected',
          'rejected',
          'fulfilled',
          'rejected',
        ]);
        const reasons = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error) : undefined));
        expect(reasons[1]).toBeInstanceOf(WrongExpectedRevisionError);
        expect(String((reasons[1] as WrongExpectedRevisionError).actual)).toBe('1');
        expect(reasons[2]).toBeInstanceOf(DuplicateEventIdError);
        expect((reasons[2] as DuplicateEventIdError).eventId).toBe(reused.id);
        expect(reasons[3]).toBeInstanceOf(EventStoreArgumentError);
        expect(reasons[5]).toBeInstanceOf(EventStoreArgumentError);
        expect(await store.readStream('thief', { limit: 10 })).toEqual([]);
        expect(await store.readStream('nul', { limit: 10 })).toEqual([]);
        expect(await store.readStream('taken', { limit: 10 })).toHaveLength(2);
        expect(await store.readStream('ok-2', { limit: 10 })).toHaveLength(3);
        expect((await verifyAll(store)).ok).toBe(true);
      } finally {
        await store.close();
      }
    });
  });

  describe('idempotency and commands', () => {
    it('returns the original result for a retried append with its command, and writes nothing twice', async () => {
      const store = await openStore();
      try {
        const batch = events(2);
        const command = { commandId: randomUUID(), bodyHash: 'body' };
        const first = await store.append('retried', batch, 'no_stream', { command });
        await store.append('retried', events(1), first.nextExpectedRevision); // the stream moves on
        const again = await store.append('retried', batch, 'no_stream', { command });
        expect(String(again.position)).toBe(String(first.position));
        expect(String(again.nextExpectedRevision)).toBe('1');
        expect(await store.readStream('retried', { limit: 10 })).toHaveLength(3);
        await expect(
          store.append('retried', batch, 'no_stream', { command: { ...command, bodyHash: 'other' } }),
        ).rejects.toBeInstanceOf(DuplicateCommandError);
        const record = await store.findCommand(command.commandId);
        expect(record).toMatchObject({ stream: 'retried', bodyHash: 'body' });
        expect(String(record!.position)).toBe(String(first.position));
      } finally {
        await store.close();
      }
    });

    it('refuses a command id already recorded, and writes none of the refused append', async () => {
      const store = await openStore();
      try {
        const command = { commandId: randomUUID(), bodyHash: 'h' };
        await store.append('c-1', events(1), 'no_stream', { command });
        await expect(store.append('c-2', events(1), 'no_stream', { command })).rejects.toBeInstanceOf(
          DuplicateCommandError,
        );
        expect(await store.readStream('c-2', { limit: 10 })).toEqual([]);
        await expect(store.append('c-2', events(1), 'exists')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      } finally {
        await store.close();
      }
    });
  });

  describe('reading', () => {
    it('matches a stream prefix literally: % and _ are not wildcards', async () => {
      const store = await openStore();
      try {
        for (const stream of ['a%b-1', 'axb-1', 'a_c-1', 'abc-1', 'a!d-1'])
          await store.append(stream, events(1), 'no_stream');
        const streams = async (streamPrefix: string): Promise<string[]> =>
          (await store.readAll({ limit: 10, filter: { streamPrefix } })).map((e) => e.stream);
        expect(await streams('a%')).toEqual(['a%b-1']);
        expect(await streams('a_')).toEqual(['a_c-1']);
        expect(await streams('a!')).toEqual(['a!d-1']);
        expect(await streams('a')).toHaveLength(5);
      } finally {
        await store.close();
      }
    });

    it('keeps revisions and positions as bigint beyond 2^53', async () => {
      const store = await openStore();
      try {
        await withClient((client) =>
          client.query(`ALTER TABLE "${store.schema}".events ALTER COLUMN position RESTART WITH 9007199254740993`),
        );
        const result = await store.append('big', events(2), 'no_stream');
        expect(result.position).toBe(9007199254740994n);
        expect((await store.readStream('big', { limit: 2 })).map((e) => e.position)).toEqual([
          9007199254740993n,
          9007199254740994n,
        ]);
        expect(await store.headPosition()).toBe(9007199254740994n);
      } finally {
        await store.close();
      }
    });
  });

  describe('availability', () => {
    it('answers EventStoreUnavailableError when the server refuses connections', async () => {
      const port = await closedPort();
      const opening = PostgresEventStore.open({
        connectionString: `postgres://postgres:x@127.0.0.1:${port}/postgres`,
        schema: freshSchema(),
      });
      await expect(opening).rejects.toBeInstanceOf(EventStoreUnavailableError);
    });

    it('answers EventStoreUnavailableError while the connection is lost, and recovers when it is back', async () => {
      const target = new URL(await serverUrl());
      const proxy = await startProxy(target.hostname, Number(target.port));
      const viaProxy = new URL(target.toString());
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      const store = await PostgresEventStore.open({
        connectionString: viaProxy.toString(),
        schema: freshSchema(),
        connectionTimeoutMs: 2_000,
      });
      try {
        await store.append('lossy', events(1), 'no_stream');
        await proxy.stop(); // cuts every connection and refuses new ones
        await expect(store.append('lossy', events(1), 0n)).rejects.toBeInstanceOf(EventStoreUnavailableError);
        await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
        await expect(store.readAll({ limit: 1 })).rejects.toBeInstanceOf(EventStoreUnavailableError);
        await proxy.restart();
        await until(
          async () =>
            store.ping().then(
              () => true,
              () => false,
            ),
          'the store reconnects',
        );
        const result = await store.append('lossy', events(1), 0n);
        expect(String(result.nextExpectedRevision)).toBe('1');
      } finally {
        await store.close();
        await proxy.stop();
      }
    });

    it('waits for queued appends on close, then refuses everything', async () => {
      const store = await openStore();
      const pending = Array.from({ length: 10 }, (_, i) => store.append(`closing-${i}`, events(1), 'no_stream'));
      await store.close();
      await expect(Promise.all(pending)).resolves.toHaveLength(10);
      await expect(store.append('late', events(1), 'no_stream')).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await store.close(); // idempotent
    });
  });
});

/** True when a backend running a query LIKE `queryPattern` waits for a lock of this type (pg_locks). */
async function waitingOn(locktype: 'advisory' | 'transactionid', queryPattern: string): Promise<boolean> {
  return withClient(async (client) => {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE NOT l.granted AND l.locktype = $1 AND a.query LIKE $2`,
      [locktype, queryPattern],
    );
    return Number(rows[0]!.n) > 0;
  });
}

/** A loopback port with nothing listening on it. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

interface Proxy {
  port: number;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

/** A TCP proxy in front of the server: stopping it is a network outage, restarting it the recovery. */
async function startProxy(host: string, port: number): Promise<Proxy> {
  let listener: Server | undefined;
  const sockets = new Set<Socket>();
  const listen = (onPort: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const server = createServer((inbound) => {
        const outbound = createConnection({ host, port });
        for (const socket of [inbound, outbound]) {
          sockets.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => sockets.delete(socket));
        }
        inbound.pipe(outbound).pipe(inbound);
        inbound.on('close', () => outbound.destroy());
        outbound.on('close', () => inbound.destroy());
      });
      server.once('error', reject);
      server.listen(onPort, '127.0.0.1', () => {
        listener = server;
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : onPort);
      });
    });
  const proxyPort = await listen(0);
  const stop = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    const closing = listener;
    listener = undefined;
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  return { port: proxyPort, stop, restart: async () => void (await listen(proxyPort)) };
}
