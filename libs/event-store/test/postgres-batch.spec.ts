/**
 * The PostgreSQL adapter's group commit: every append of a batch is decided in JS against one read made
 * under the append lock, and the accepted ones are written by one statement. These tests put several
 * appends into one batch (issued in the same turn of the event loop) and check that each still gets the
 * outcome it would get alone, in queue order, and that a batch costs the same few statements at any size.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  DuplicateCommandError,
  DuplicateEventIdError,
  EventStoreArgumentError,
  WrongExpectedRevisionError,
  verifyAll,
  type AppendResult,
  type NewEvent,
} from '../src';
import { PostgresEventStore } from '../src/postgres';
import { newEvent } from './conformance';
import { postgresTestSchemas } from './postgres-test-schemas';

const { serverUrl, openStore, withClient } = postgresTestSchemas('es_batch');

const events = (count: number): NewEvent[] => Array.from({ length: count }, (_, i) => newEvent('Batched', { i }));

type Settled = PromiseSettledResult<AppendResult>;

/** Issued in one turn of the event loop, so they share one group commit. */
function issueTogether(appends: Array<() => Promise<AppendResult>>): Promise<Settled[]> {
  return Promise.allSettled(appends.map((append) => append()));
}

/** As issueTogether, and checks that the batch was decided without the savepoint fallback. */
async function together(appends: Array<() => Promise<AppendResult>>): Promise<Settled[]> {
  const { result, sent } = await statementsDuring(() => issueTogether(appends));
  expect(sent.filter((s) => s === 'ROLLBACK' || s.startsWith('SAVEPOINT'))).toEqual([]);
  return result;
}

const value = (outcome: Settled | undefined): AppendResult => {
  if (outcome?.status !== 'fulfilled') throw new Error(`expected success, got ${String(outcome?.reason)}`);
  return outcome.value;
};
const reason = (outcome: Settled | undefined): unknown => {
  if (outcome?.status !== 'rejected') throw new Error('expected a refusal');
  return outcome.reason;
};

/** Events of the schema with the transaction they were written in (now() is per transaction). */
async function stored(
  store: PostgresEventStore,
): Promise<Array<{ id: string; stream: string; position: bigint; tx: string }>> {
  return withClient(async (client) => {
    const { rows } = await client.query<{ event_id: string; stream: string; position: string; tx: string }>(
      `SELECT event_id, stream, position, recorded_at::text AS tx FROM "${store.schema}".events ORDER BY position`,
    );
    return rows.map((r) => ({ id: r.event_id, stream: r.stream, position: BigInt(r.position), tx: r.tx }));
  });
}

/** Statements sent by this process while `work` runs: named ones by name, others by their first words. */
async function statementsDuring<T>(work: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
  const sent: string[] = [];
  const original = Client.prototype.query;
  const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
    const config = args[0] as string | { name?: string; text?: string };
    const label = typeof config === 'string' ? config : (config.name ?? config.text ?? '');
    sent.push(label.trim().split(/\s+/).slice(0, 2).join(' '));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query);
  try {
    return { result: await work(), sent };
  } finally {
    spy.mockRestore();
  }
}

describe('PostgresEventStore batch decisions', () => {
  let store: PostgresEventStore;

  beforeEach(async () => {
    store = await openStore();
  });

  afterEach(async () => {
    await store.close();
  });

  it('writes a batch of any size with the same four statements, positions in queue order', async () => {
    await store.append('warm', events(1), 'no_stream'); // statements are prepared on first use
    for (const size of [1, 16, 64]) {
      const { result, sent } = await statementsDuring(() =>
        issueTogether(
          Array.from({ length: size }, (_, i) => () => store.append(`s${size}-${i}`, events(2), 'no_stream')),
        ),
      );
      expect(sent).toEqual([
        `BEGIN; SELECT`,
        'event_store_prefetch',
        'event_store_insert_batch',
        `SELECT pg_notify(${"'"}${store.schema}_appended',`,
      ]);
      const positions = result.map((o) => value(o).position);
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    }
    const rows = await stored(store);
    // Each append's position is its last event's, and the appends follow each other in queue order.
    for (let i = 1; i < rows.length; i += 1) expect(rows[i]!.position > rows[i - 1]!.position).toBe(true);
    expect((await verifyAll(store)).ok).toBe(true);
  });

  it('lets a second append to the same stream see the first one of its batch', async () => {
    const first = events(2);
    const outcomes = await together([
      () => store.append('same', first, 'no_stream'),
      () => store.append('same', events(1), 1n), // after the first
      () => store.append('same', events(1), 1n), // stale by now: the second moved the head to 2
      () => store.append('same', events(3), 'exists'),
      () => store.append('other', events(1), 'no_stream'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(String(value(outcomes[0]).nextExpectedRevision)).toBe('1');
    expect(String(value(outcomes[1]).nextExpectedRevision)).toBe('2');
    const stale = reason(outcomes[2]) as WrongExpectedRevisionError;
    expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
    expect(String(stale.actual)).toBe('2');
    expect(String(value(outcomes[3]).nextExpectedRevision)).toBe('5');
    const stream = await store.readStream('same', { limit: 10 });
    expect(stream.map((e) => String(e.revision))).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(stream[0]!.id).toBe(first[0]!.id);
    expect(String(stream.at(-1)!.position)).toBe(String(value(outcomes[3]).position));
    expect(new Set((await stored(store)).map((r) => r.tx)).size).toBe(1); // one transaction
    expect((await verifyAll(store)).ok).toBe(true);
    // The refused append changed nothing: the head is where the fourth append left it.
    expect(String((await store.append('same', events(1), 5n)).nextExpectedRevision)).toBe('6');
  });

  it('refuses a command id used twice in one batch, and one recorded by an earlier batch', async () => {
    const command = { commandId: randomUUID(), bodyHash: 'body' };
    const first = events(1);
    const outcomes = await together([
      () => store.append('c-1', first, 'no_stream', { command }),
      () => store.append('c-2', events(1), 'no_stream', { command: { ...command, bodyHash: 'other' } }),
      () => store.append('c-3', first, 'no_stream', { command }), // its event ids are taken too: named as the command
      () => store.append('c-4', events(1), 'no_stream'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(reason(outcomes[1])).toBeInstanceOf(DuplicateCommandError);
    expect(reason(outcomes[2])).toBeInstanceOf(DuplicateCommandError);
    const record = await store.findCommand(command.commandId);
    expect(record).toMatchObject({ stream: 'c-1', bodyHash: 'body' });
    expect(String(record!.position)).toBe(String(value(outcomes[0]).position));
    expect(await store.readStream('c-2', { limit: 10 })).toEqual([]);

    const later = await together([
      () => store.append('c-5', events(1), 'no_stream', { command }),
      () => store.append('c-6', events(1), 'no_stream'),
      () => store.append('c-7', first, 'no_stream', { command }),
    ]);
    expect(reason(later[0])).toBeInstanceOf(DuplicateCommandError);
    expect(later[1]!.status).toBe('fulfilled');
    expect(reason(later[2])).toBeInstanceOf(DuplicateCommandError);
  });

  it('records the command of every append of a batch with its own position and revisions', async () => {
    const commands = [0, 1, 2].map(() => ({ commandId: randomUUID(), bodyHash: randomUUID() }));
    await store.append('r', events(2), 'no_stream');
    const outcomes = await together([
      () => store.append('r', events(3), 1n, { command: commands[0] }),
      () => store.append('q', events(1), 'no_stream', { command: commands[1] }),
      () => store.append('r', events(2), 4n, { command: commands[2] }),
    ]);
    const records = await Promise.all(commands.map((c) => store.findCommand(c.commandId)));
    expect(records.map((r) => [r!.stream, String(r!.firstRevision), String(r!.lastRevision), r!.bodyHash])).toEqual([
      ['r', '2', '4', commands[0]!.bodyHash],
      ['q', '0', '0', commands[1]!.bodyHash],
      ['r', '5', '6', commands[2]!.bodyHash],
    ]);
    expect(records.map((r) => String(r!.position))).toEqual(outcomes.map((o) => String(value(o).position)));
  });

  it('refuses an event id stored before or taken earlier in the same batch', async () => {
    const stored1 = newEvent();
    await store.append('owner', [stored1], 'no_stream');
    const shared = newEvent();
    const outcomes = await together([
      () => store.append('thief', [newEvent(), stored1], 'no_stream'),
      () => store.append('first', [shared], 'no_stream'),
      () => store.append('second', [newEvent(), shared], 'no_stream'),
      () => store.append('fine', events(2), 'no_stream'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((reason(outcomes[0]) as DuplicateEventIdError).eventId).toBe(stored1.id);
    expect((reason(outcomes[2]) as DuplicateEventIdError).eventId).toBe(shared.id);
    expect(await store.readStream('thief', { limit: 10 })).toEqual([]);
    expect(await store.readStream('second', { limit: 10 })).toEqual([]);
    expect((await verifyAll(store)).ok).toBe(true);
  });

  it('answers a retried append with the original result, whether committed earlier or in the same batch', async () => {
    const original = events(2);
    const command = { commandId: randomUUID(), bodyHash: 'body' };
    const first = await store.append('retry', original, 'no_stream', { command });
    const inBatch = events(1);
    const outcomes = await together([
      () => store.append('retry', original, 'no_stream', { command }), // committed earlier
      () => store.append('retry', inBatch, 1n), // new
      () => store.append('retry', inBatch, 1n), // the same append again, in the same batch
      () => store.append('retry', original, 'no_stream', { command: { ...command, bodyHash: 'changed' } }),
      () => store.append('retry', original.slice(0, 1), 'no_stream'), // a prefix of it: also a retry
    ]);
    expect(value(outcomes[0])).toEqual({ ...first, retried: true });
    const written = value(outcomes[1]);
    expect(written.retried).toBeUndefined();
    expect(value(outcomes[2])).toEqual({ ...written, retried: true });
    expect(reason(outcomes[3])).toBeInstanceOf(DuplicateCommandError);
    const prefix = value(outcomes[4]);
    expect(prefix.retried).toBe(true);
    expect(String(prefix.nextExpectedRevision)).toBe('0');
    expect(String(prefix.position)).toBe(String(first.position - 1n));
    expect(await store.readStream('retry', { limit: 10 })).toHaveLength(3);
  });

  it('commits the rest of a batch when some appends are refused, and refusals leave no trace', async () => {
    await store.append('taken', events(1), 'no_stream');
    const outcomes = await together([
      () => store.append('a', events(1), 'no_stream'),
      () => store.append('taken', events(1), 'no_stream'),
      () => store.append('b', events(2), 'no_stream'),
      () => store.append('missing', events(1), 'exists'),
      () => store.append('c', events(3), 'no_stream'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((reason(outcomes[1]) as WrongExpectedRevisionError).actual)).toBe('0');
    expect(String((reason(outcomes[3]) as WrongExpectedRevisionError).actual)).toBe('-1');
    const rows = await stored(store);
    expect(rows.map((r) => r.stream)).toEqual(['taken', 'a', 'b', 'b', 'c', 'c', 'c']);
    expect(rows.filter((r) => r.stream === 'a')[0]!.position).toBe(value(outcomes[0]).position);
    expect(rows.filter((r) => r.stream === 'b')[1]!.position).toBe(value(outcomes[2]).position);
    expect(rows.at(-1)!.position).toBe(value(outcomes[4]).position);
    expect(await store.readStream('missing', { limit: 1 })).toEqual([]);
  });

  it('chains from the head read under the lock when another process moved it since this one last wrote', async () => {
    const other = await PostgresEventStore.open({ connectionString: await serverUrl(), schema: store.schema });
    try {
      await store.append('shared', events(1), 'no_stream');
      await other.append('shared', events(2), 0n);
      // This process last saw revision 0; 'exists' is decided against revision 2.
      const outcomes = await together([
        () => store.append('shared', events(1), 'exists'),
        () => store.append('shared', events(1), 3n),
      ]);
      expect(outcomes.map((o) => String(value(o).nextExpectedRevision))).toEqual(['3', '4']);
      await other.append('shared', events(1), 4n);
      await expect(store.append('shared', events(1), 'exists')).resolves.toMatchObject({ nextExpectedRevision: 6n });
      expect((await verifyAll(store)).ok).toBe(true);
      // Same revision, another hash (here written by hand): the stored head wins over what this process saw.
      const forged = 'f'.repeat(64);
      await withClient((c) =>
        c.query(`UPDATE "${store.schema}".streams SET hash = $1 WHERE stream = 'shared'`, [forged]),
      );
      await store.append('shared', events(1), 6n);
      const [last] = await store.readStream('shared', { direction: 'backwards', limit: 1 });
      expect(last!.metadata.prevHash).toBe(forged);
    } finally {
      await other.close();
    }
  });

  it('keeps positions in queue order across appends of up to 1,000 events (parameters are arrays)', async () => {
    // 12,000 events in one statement: one parameter per value would be 72,000 (the protocol allows 65,535).
    const appends = Array.from({ length: 12 }, () => events(1000));
    const outcomes = await together(appends.map((batch, i) => () => store.append(`big-${i}`, batch, 'no_stream')));
    const rows = await stored(store);
    expect(rows).toHaveLength(12_000);
    expect(new Set(rows.map((r) => r.tx)).size).toBe(1);
    expect(rows.map((r) => r.id)).toEqual(appends.flat().map((e) => e.id));
    outcomes.forEach((o, i) => expect(value(o).position).toBe(rows[i * 1000 + 999]!.position));
  });

  it('writes an append larger than a batch may be (32 MiB) the savepoint way, alone', async () => {
    const big = Array.from({ length: 9 }, (_, i) => newEvent('Big', { i, text: 'x'.repeat(3_900_000) }));
    const { result: outcomes, sent } = await statementsDuring(() =>
      issueTogether([() => store.append('big', big, 'no_stream'), () => store.append('small', events(1), 'no_stream')]),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    const notify = `SELECT pg_notify('${store.schema}_appended',`;
    expect(sent).toEqual([
      ...['BEGIN; SELECT', 'event_store_heads', 'SAVEPOINT append', 'event_store_insert', notify],
      ...['BEGIN; SELECT', 'event_store_prefetch', 'event_store_insert_batch', notify], // the next batch
    ]);
    expect((await verifyAll(store)).ok).toBe(true);
  });

  describe('falls back to one savepoint per append when the batch statement fails', () => {
    it('data PostgreSQL refuses (\\u0000 in jsonb): only that append is refused', async () => {
      const command = { commandId: randomUUID(), bodyHash: 'h' };
      const first = events(1);
      await store.append('owner', first, 'no_stream', { command });
      const { result: outcomes, sent } = await statementsDuring(() =>
        issueTogether([
          () => store.append('ok-1', events(1), 'no_stream'),
          () => store.append('nul', [newEvent('Bad', { text: 'a\u0000b' })], 'no_stream'),
          () => store.append('again', first, 'no_stream', { command }),
          () => store.append('ok-2', events(2), 'no_stream'),
        ]),
      );
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect(reason(outcomes[1])).toBeInstanceOf(EventStoreArgumentError);
      expect(reason(outcomes[2])).toBeInstanceOf(DuplicateCommandError); // as the batch statement would say
      expect(sent).toContain('event_store_insert_batch');
      expect(sent).toContain('ROLLBACK');
      expect(sent.filter((s) => s.startsWith('SAVEPOINT') || s.startsWith('RELEASE'))).toHaveLength(4);
      expect((await stored(store)).map((r) => r.stream)).toEqual(['owner', 'ok-1', 'ok-2', 'ok-2']);
      expect((await verifyAll(store)).ok).toBe(true);
    });

    it('a collision nobody could predict (a writer that bypassed the lock): each append gets its own outcome', async () => {
      const stolen = newEvent();
      const outsider = new Client({ connectionString: await serverUrl() });
      await outsider.connect();
      try {
        await outsider.query('BEGIN');
        await outsider.query(
          `INSERT INTO "${store.schema}".events (event_id, stream, revision, type, data, metadata)
           VALUES ($1, 'outsider', 0, 'Raw', '{}', '{}')`,
          [stolen.id],
        );
        // The prefetch cannot see the uncommitted row; the batch insert then waits on it.
        const pending = issueTogether([
          () => store.append('x-1', events(1), 'no_stream'),
          () => store.append('x-2', [stolen], 'no_stream'),
          () => store.append('x-3', events(1), 'no_stream'),
        ]);
        await until(() => insertWaits(store.schema), 'the batch insert waits for the outsider');
        await outsider.query('COMMIT');
        const outcomes = await pending;
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((reason(outcomes[1]) as DuplicateEventIdError).eventId).toBe(stolen.id);
        expect(value(outcomes[2]).position > value(outcomes[0]).position).toBe(true);
      } finally {
        await outsider.end();
      }
      expect((await stored(store)).map((r) => r.stream)).toEqual(['outsider', 'x-1', 'x-3']);
    });
  });
});

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** True when a backend inserting into this schema waits for another transaction (pg_locks). */
async function insertWaits(schema: string): Promise<boolean> {
  return withClient(async (client) => {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE NOT l.granted AND l.locktype = 'transactionid' AND a.query LIKE $1`,
      [`%INSERT INTO "${schema}".events%`],
    );
    return Number(rows[0]!.n) > 0;
  });
}
