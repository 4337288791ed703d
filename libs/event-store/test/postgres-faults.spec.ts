import { randomUUID } from 'node:crypto';
import {
  EventStoreFaultError,
  EventStoreUnavailableError,
  verifyAll,
  type AppendResult,
  type EventStore,
  type NewEvent,
} from '../src';
import { PostgresEventStore, type PostgresEventStoreOptions } from '../src/postgres';
import {
  DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  DEFAULT_STATEMENT_TIMEOUT_MS,
  advisoryKey,
  sessionTimeouts,
} from '../src/postgres/connection';
import { postgresTestSchemas } from './postgres-test-schemas';
import { TcpFaultProxy } from './tcp-fault-proxy';

/**
 * Issue 19 §2, PostgreSQL connections that drop or stall. A TCP proxy of our own on loopback
 * (tcp-fault-proxy.ts) sits between the store and the throwaway server the PostgreSQL specs start:
 * cut() resets every connection mid-append; stall() holds them silent, so the server keeps a session
 * idle in transaction (holding the append lock) while the client hears nothing. Timeouts are lowered for
 * the test (the defaults are 30 s / 60 s) so each case takes a few seconds.
 *
 * Expected: every failure is an EventStoreUnavailableError (503) with a fault code, within a bounded
 * wait; the store recovers without being reopened; every acknowledged append is in the log exactly once,
 * and a client retry of an append whose answer was lost lands once.
 */
const { serverUrl, freshSchema, openStore } = postgresTestSchemas('es_fault');

const STATEMENT_MS = 1_000;
const IDLE_IN_TX_MS = 1_500;
const QUERY_MS = 1_500;
const CONNECT_MS = 1_500;
/** The longest any failing call may take: a client-side query timeout plus a connection attempt. */
const BOUND_MS = QUERY_MS + CONNECT_MS + 1_000;
const FAST: Partial<PostgresEventStoreOptions> = {
  statementTimeoutMs: STATEMENT_MS,
  idleInTransactionTimeoutMs: IDLE_IN_TX_MS,
  queryTimeoutMs: QUERY_MS,
  connectionTimeoutMs: CONNECT_MS,
  pollIntervalMs: 100,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const eventOf = (id: string): NewEvent => ({ id, type: 'Counted', data: { id }, metadata: { commandId: id } });

let skipReason: string | undefined;
beforeAll(async () => {
  try {
    await serverUrl();
  } catch (error) {
    skipReason = `no PostgreSQL server could be started (${error instanceof Error ? error.message : String(error)})`;
  }
});
/** The prerequisite is a PostgreSQL server; without one each case says so in one line and stops. */
function skipped(): boolean {
  if (skipReason) console.log(`postgres-faults skipped: ${skipReason}`);
  return skipReason !== undefined;
}

interface Tally {
  acknowledged: Map<string, AppendResult>;
  failuresByCode: Record<string, number>;
  unclean: string[];
  slowestFailureMs: number;
}

/**
 * One writer: appends 0..count-1 to its own stream, each with a deterministic event and command id,
 * retrying the same append (same ids, same expected revision) after a failure, as a client retrying by
 * command id does. Anything but an EventStoreUnavailableError is unclean.
 */
async function writer(
  store: EventStore,
  stream: string,
  count: number,
  tally: Tally,
  deadlineMs: number,
): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const id = `${stream}-${i}`;
    for (;;) {
      const startedMs = Date.now();
      try {
        const result = await store.append(stream, [eventOf(id)], i === 0 ? 'no_stream' : BigInt(i - 1), {
          command: { commandId: id, bodyHash: 'h' },
        });
        tally.acknowledged.set(id, result);
        break;
      } catch (error) {
        tally.slowestFailureMs = Math.max(tally.slowestFailureMs, Date.now() - startedMs);
        const code =
          error instanceof EventStoreFaultError
            ? error.code
            : error instanceof EventStoreUnavailableError
              ? 'UNAVAILABLE'
              : undefined;
        if (!code) {
          tally.unclean.push(`${id}: ${String(error)}`);
          return;
        }
        tally.failuresByCode[code] = (tally.failuresByCode[code] ?? 0) + 1;
        if (Date.now() > deadlineMs) throw new Error(`${id} still failing at the deadline: ${String(error)}`);
        await sleep(20 + Math.random() * 30);
      }
    }
  }
}

/** Every acknowledged append is in the log once, at the position it was acknowledged with; no other event is. */
async function expectExactlyOnce(store: EventStore, streams: string[], count: number, tally: Tally): Promise<void> {
  for (const stream of streams) {
    const stored = await store.readStream(stream, { limit: 1_000 });
    expect(stored.map((e) => e.id)).toEqual(Array.from({ length: count }, (_, i) => `${stream}-${i}`));
    for (const event of stored) {
      const ack = tally.acknowledged.get(event.id);
      expect({ id: event.id, position: String(ack?.position) }).toEqual({
        id: event.id,
        position: String(event.position),
      });
    }
  }
  expect((await verifyAll(store)).ok).toBe(true);
}

describe('PostgreSQL store: session timeouts', () => {
  it('documents 30 s statement and 60 s idle-in-transaction defaults, lock and network waits inside them', () => {
    const defaults = sessionTimeouts({ connectionString: 'postgres://unused' });
    expect(DEFAULT_STATEMENT_TIMEOUT_MS).toBe(30_000);
    expect(DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS).toBe(60_000);
    expect(defaults).toMatchObject({ statement_timeout: 30_000, idle_in_transaction_session_timeout: 60_000 });
    expect(defaults.lock_timeout).toBeLessThanOrEqual(defaults.statement_timeout);
    expect(defaults.query_timeout).toBeGreaterThan(defaults.statement_timeout);
  });

  it('a statement stuck behind the append lock is cancelled at the statement timeout: 503 STORE_TIMEOUT, then appends work', async () => {
    if (skipped()) return;
    const store = await openStore(FAST);
    const { Client } = await import('pg');
    const holder = new Client({ connectionString: await serverUrl() });
    await holder.connect();
    try {
      await store.append('held', [eventOf(randomUUID())], 'no_stream');
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [advisoryKey(`append:${store.schema}`)]);
      const startedMs = Date.now();
      const refused = await store.append('held', [eventOf(randomUUID())], 0n).then(
        () => undefined,
        (error: unknown) => error,
      );
      const waitedMs = Date.now() - startedMs;
      expect(refused).toBeInstanceOf(EventStoreFaultError);
      expect((refused as EventStoreFaultError).code).toBe('STORE_TIMEOUT');
      expect(waitedMs).toBeGreaterThanOrEqual(STATEMENT_MS * 0.9);
      expect(waitedMs).toBeLessThan(BOUND_MS);
      await holder.query('SELECT pg_advisory_unlock_all()');
      await expect(store.append('held', [eventOf(randomUUID())], 0n)).resolves.toMatchObject({
        nextExpectedRevision: 1n,
      });
    } finally {
      await holder.end();
      await store.close();
    }
  });
});

describe('PostgreSQL store behind a faulty network', () => {
  let proxy: TcpFaultProxy;
  let direct: PostgresEventStore;

  beforeAll(async () => {
    if (skipReason) return;
    const target = new URL(await serverUrl());
    proxy = await TcpFaultProxy.start(target.hostname, Number(target.port));
  });
  afterAll(async () => {
    await proxy?.stop();
  });
  afterEach(async () => {
    await direct?.close();
  });

  async function openBoth(): Promise<PostgresEventStore> {
    const schema = freshSchema();
    direct = await PostgresEventStore.open({ connectionString: await serverUrl(), schema });
    return PostgresEventStore.open({ connectionString: proxy.rewrite(await serverUrl()), schema, ...FAST });
  }

  it('connections cut mid-append (8 writers, 6 cuts): clean 503s, bounded waits, recovery, every acknowledged append exactly once', async () => {
    if (skipped()) return;
    const store = await openBoth();
    const streams = Array.from({ length: 8 }, (_, w) => `cut-${w}-${randomUUID().slice(0, 8)}`);
    const count = 25;
    const tally: Tally = { acknowledged: new Map(), failuresByCode: {}, unclean: [], slowestFailureMs: 0 };
    try {
      const deadlineMs = Date.now() + 15_000;
      const writing = Promise.all(streams.map((stream) => writer(store, stream, count, tally, deadlineMs)));
      for (let cut = 0; cut < 6; cut += 1) {
        await sleep(150);
        proxy.cut();
      }
      await writing;
      console.log(
        `postgres-faults cut: ${JSON.stringify({ cuts: 6, appends: streams.length * count, failures: tally.failuresByCode, slowestFailureMs: tally.slowestFailureMs })}`,
      );
      expect(tally.unclean).toEqual([]);
      expect(Object.values(tally.failuresByCode).reduce((a, b) => a + b, 0)).toBeGreaterThan(0); // the cuts did hit appends
      expect(tally.slowestFailureMs).toBeLessThan(BOUND_MS);
      expect(tally.acknowledged.size).toBe(streams.length * count);
      await expectExactlyOnce(direct, streams, count, tally);
    } finally {
      await store.close();
    }
  });

  it('a transaction stalled past the timeouts while it holds the append lock: bounded 503s on both sides, the server ends it, nothing lost', async () => {
    if (skipped()) return;
    const stalled = await openBoth();
    const { Client } = await import('pg');
    const holder = new Client({ connectionString: await serverUrl() });
    await holder.connect();
    try {
      await stalled.append('stall-a', [eventOf('stall-a-0')], 'no_stream');
      // Put the stalled store's transaction exactly "inside, holding the lock": hold the lock, let its
      // append queue behind it, silence the network, then let go, so its BEGIN takes the lock and the
      // answer goes nowhere. Its session is then idle in transaction, holding the lock, until the server
      // ends it after idle_in_transaction_session_timeout.
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [advisoryKey(`append:${stalled.schema}`)]);
      const startedMs = Date.now();
      const lostAnswer = stalled.append('stall-a', [eventOf('stall-a-1')], 0n).then(
        () => undefined,
        (error: unknown) => error,
      );
      await sleep(200);
      proxy.stall();
      await sleep(100);
      await holder.query('SELECT pg_advisory_unlock_all()');

      // Another instance (direct connection, the default timeouts but a 1 s statement timeout) meets the
      // lock the stalled session holds: its wait is cancelled at its statement timeout.
      const other = await PostgresEventStore.open({
        connectionString: await serverUrl(),
        schema: stalled.schema,
        statementTimeoutMs: STATEMENT_MS,
      });
      try {
        const otherStartedMs = Date.now();
        const blocked = await other.append('stall-b', [eventOf('stall-b-0')], 'no_stream').then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(blocked).toMatchObject({ code: 'STORE_TIMEOUT' });
        expect(Date.now() - otherStartedMs).toBeLessThan(BOUND_MS);

        const refused = await lostAnswer;
        expect(refused).toBeInstanceOf(EventStoreUnavailableError);
        expect(refused).toMatchObject({ code: 'STORE_TIMEOUT' });
        expect(Date.now() - startedMs).toBeLessThan(BOUND_MS);

        // The server ends the idle transaction by itself; the other instance's appends then go through.
        const recoveredMs = await retryUntil(
          () => other.append('stall-b', [eventOf('stall-b-0')], 'no_stream'),
          IDLE_IN_TX_MS + BOUND_MS,
        );
        console.log(
          `postgres-faults stall: other instance blocked ${recoveredMs} ms in all, lock released by the server's idle-in-transaction timeout`,
        );
        const sessions = await holder.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'idle in transaction' AND application_name = 'ledger-event-store'",
        );
        expect(Number(sessions.rows[0]!.n)).toBe(0);
      } finally {
        await other.close();
      }

      // The network comes back: the stalled store recovers by itself, and the client's retry lands once.
      proxy.resume();
      await retryUntil(() => stalled.append('stall-a', [eventOf('stall-a-1')], 0n), BOUND_MS * 2);
      const a = await direct.readStream('stall-a', { limit: 10 });
      expect(a.map((e) => e.id)).toEqual(['stall-a-0', 'stall-a-1']);
      expect((await direct.readStream('stall-b', { limit: 10 })).map((e) => e.id)).toEqual(['stall-b-0']);
    } finally {
      proxy.resume();
      await holder.end();
      await stalled.close();
    }
  });
});

/** Retries `work` while it fails with EventStoreUnavailableError, up to boundMs; returns the time it took. */
async function retryUntil(work: () => Promise<unknown>, boundMs: number): Promise<number> {
  const startedMs = Date.now();
  for (;;) {
    try {
      await work();
      return Date.now() - startedMs;
    } catch (error) {
      if (!(error instanceof EventStoreUnavailableError) || Date.now() - startedMs > boundMs) throw error;
      await sleep(100);
    }
  }
}
