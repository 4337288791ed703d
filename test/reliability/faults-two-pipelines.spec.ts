import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { PostgresEventStore } from '@ledger/event-store/postgres';
import { ConcurrencyConflictError, DomainError } from '@ledger/kernel';
import {
  CommandPipeline,
  StreamLoader,
  type CommandEnvelope,
  type CommandResult,
  type StreamTarget,
} from '@ledger/platform';
import { dropSchema, freshSchema } from '../support/reliability-scenario';

/**
 * Issue 19 §3, two instances on one hot stream, at the pipeline: two CommandPipelines, each with its own
 * store handle (two handles of one SQLite file; two pools on one PostgreSQL schema), as two service
 * processes have. The decider refuses a key it has seen (as "month already prepaid" does), so a command
 * that loses the append race to its own twin would be refused unless the pipeline finds the twin's record.
 *
 * - 20 identical commands (same commandId and body), each sent to both pipelines at once: both sides
 *   answer the one result; no pair is answered 409 on both sides (before: 21 of 45 pairs over HTTP).
 * - 16 concurrent writers of different commands on one stream, 8 through each pipeline, in rounds: every
 *   accepted command is in the log once; the 409 rate is measured and printed.
 */
const RETRY_LIMIT = 5; // LEDGER_COMMAND_RETRY_LIMIT's default
const IDENTICAL = 20;
const WRITERS = 16;
const ROUNDS = 5;

type Counter = { keys: ReadonlySet<string> };
const counterTarget = (stream: string): StreamTarget<Counter> => ({
  stream,
  commandType: 'Count',
  evolver: {
    initialState: () => ({ keys: new Set<string>() }),
    evolve: (state, event) => ({ keys: new Set([...state.keys, String((event.data as { key: string }).key)]) }),
  },
});
const decideCount = (key: string) => (state: Counter) => {
  if (state.keys.has(key)) throw new DomainError('business_rule', 'ALREADY_COUNTED', `key ${key} was counted already`);
  return [{ type: 'Counted', data: { key } }];
};
const envelopeFor = (commandId: string, key: string): CommandEnvelope => ({
  commandId,
  principal: { actor: 'two-pipelines', role: 'finance' },
  correlationId: commandId,
  causationId: commandId,
  effectiveDate: '2026-03-01',
  recordedAt: '2026-03-01T02:00:00.000Z',
  body: { key },
});

type Answer = { ok: true; result: CommandResult } | { ok: false; code: string };
const answer = (work: Promise<CommandResult>): Promise<Answer> =>
  work.then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, code: error instanceof DomainError ? error.code : String(error) }),
  );
const label = (a: Answer) => (a.ok ? (a.result.replayed ? 'replayed' : 'appended') : a.code);

interface Case {
  name: 'sqlite' | 'postgres';
  open(): Promise<[EventStore, EventStore]>;
  cleanup(): Promise<void>;
}

const directory = mkdtempSync(join(tmpdir(), 'ledger-two-pipelines-'));
const schema = freshSchema('rel_twopipe');
const databaseUrl = process.env['DATABASE_URL'] ?? '';
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const cases: Case[] = [
  {
    name: 'sqlite',
    open: async () => {
      const path = join(directory, 'ledger.db');
      return [SqliteEventStore.open({ path }), SqliteEventStore.open({ path })];
    },
    cleanup: async () => undefined,
  },
  {
    name: 'postgres',
    open: async () => [
      await PostgresEventStore.open({ connectionString: databaseUrl, schema, poolMax: 4 }),
      await PostgresEventStore.open({ connectionString: databaseUrl, schema, poolMax: 4 }),
    ],
    cleanup: () => dropSchema(databaseUrl, schema),
  },
];

describe.each(cases)('two pipelines on one $name store', (kase) => {
  let stores: EventStore[] = [];
  let pipelines: CommandPipeline[] = [];
  const report: Record<string, unknown> = {};
  const skip =
    kase.name === 'postgres' && !databaseUrl
      ? 'DATABASE_URL is not set (the reliability global setup provides it)'
      : undefined;

  beforeAll(async () => {
    if (skip) return;
    stores = await kase.open();
    pipelines = stores.map((store) => new CommandPipeline(store, new StreamLoader(store), RETRY_LIMIT));
  });
  afterAll(async () => {
    if (skip) return;
    console.log(`two-pipelines ${kase.name}: ${JSON.stringify(report)}`);
    await Promise.all(stores.map((store) => store.close()));
    await kase.cleanup();
  });

  it('20 identical commands sent to both at once: both sides get the one result, never 409 on both', async () => {
    if (skip) return void console.log(`two-pipelines ${kase.name} skipped: ${skip}`);
    const stream = `hot-same-${randomUUID().slice(0, 8)}`;
    const commands = Array.from({ length: IDENTICAL }, (_, i) => ({ commandId: randomUUID(), key: `k${i}` }));
    const pairs = await Promise.all(
      commands.map(({ commandId, key }) =>
        Promise.all(
          pipelines.map((pipeline) =>
            answer(pipeline.handle(envelopeFor(commandId, key), counterTarget(stream), decideCount(key))),
          ),
        ),
      ),
    );
    const tally: Record<string, number> = {};
    for (const pair of pairs) tally[pair.map(label).join(' + ')] = (tally[pair.map(label).join(' + ')] ?? 0) + 1;
    report['identicalPairs'] = tally;

    const both409 = pairs.filter((pair) => pair.every((a) => !a.ok && a.code === 'CONCURRENCY_CONFLICT')).length;
    expect(both409).toBe(0);
    // No refusal of a command that was appended, and both answers of a pair are the same result.
    const refusals = pairs.flat().filter((a) => !a.ok && a.code !== 'CONCURRENCY_CONFLICT');
    expect(refusals).toEqual([]);
    for (const pair of pairs) {
      const results = pair.filter((a): a is { ok: true; result: CommandResult } => a.ok).map((a) => a.result);
      expect(results.length).toBeGreaterThan(0);
      expect(new Set(results.map((r) => `${r.position}:${r.events.map((e) => e.id).join(',')}`)).size).toBe(1);
      expect(results.filter((r) => !r.replayed).length).toBeLessThanOrEqual(1);
    }
    const stored = await stores[0]!.readStream(stream, { limit: 1_000 });
    expect(stored.map((e) => (e.data as { key: string }).key).sort()).toEqual(commands.map((c) => c.key).sort());
  });

  it('16 concurrent writers of different commands on one stream across both: progress, each once, the 409 rate', async () => {
    if (skip) return void console.log(`two-pipelines ${kase.name} skipped: ${skip}`);
    const stream = `hot-many-${randomUUID().slice(0, 8)}`;
    const accepted: string[] = [];
    let conflicts = 0;
    let sent = 0;
    const startedMs = Date.now();
    for (let round = 0; round < ROUNDS; round += 1) {
      const answers = await Promise.all(
        Array.from({ length: WRITERS }, (_, w) => {
          const key = `r${round}-w${w}`;
          sent += 1;
          return answer(
            pipelines[w % 2]!.handle(envelopeFor(randomUUID(), key), counterTarget(stream), decideCount(key)),
          ).then((a) => ({ key, a }));
        }),
      );
      for (const { key, a } of answers) {
        if (a.ok) accepted.push(key);
        else if (a.code === new ConcurrencyConflictError(stream, RETRY_LIMIT).code) conflicts += 1;
        else throw new Error(`${key}: unexpected ${a.code}`);
      }
    }
    const rate = conflicts / sent;
    report['contention'] = {
      writers: WRITERS,
      rounds: ROUNDS,
      sent,
      accepted: accepted.length,
      conflicts409: conflicts,
      rate409: Number(rate.toFixed(3)),
      elapsedMs: Date.now() - startedMs,
    };
    const stored = await stores[1]!.readStream(stream, { limit: 1_000 });
    expect(stored.map((e) => (e.data as { key: string }).key).sort()).toEqual([...accepted].sort());
    expect(accepted.length).toBeGreaterThan(0);
    expect(rate).toBeLessThan(0.15); // 0.43 (SQLite) and 0.60 (PostgreSQL) before the retry turns
  });
});
