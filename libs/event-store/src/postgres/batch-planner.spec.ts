import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, type NewEvent } from '../event-store.port';
import { DuplicateCommandError, DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
import { chainEvents } from '../hash-chain';
import { lastPosition, planBatch, type Known, type Outcome, type PlannedAppend } from './batch-planner';

/** The group commit's decisions, without a server: what was read under the lock in, outcomes and rows out. */
describe('PostgreSQL batch planner', () => {
  const event = (i = 0): NewEvent => ({ id: randomUUID(), type: 'Planned', data: { i }, metadata: { actor: 'spec' } });
  const nothingKnown = (): Known => ({ heads: new Map(), events: new Map(), commands: new Map() });
  const append = (stream: string, events: NewEvent[], expected: PlannedAppend['expected'], command?: PlannedAppend['command']): PlannedAppend => ({
    stream,
    events,
    expected,
    command,
  });
  /** Positions as the insert would return them: one per wanted event id, in insert order from `first`. */
  const positionsFor = (plan: ReturnType<typeof planBatch>, first = 1n): Map<string, bigint> => {
    const byId = new Map(plan.rows.eventIds.map((id, i) => [id, first + BigInt(i)]));
    return new Map(plan.rows.wantedEventIds.map((id) => [id, byId.get(id)!]));
  };
  const errorOf = (outcome: Outcome): unknown => (outcome.ok ? undefined : outcome.error);

  it('decides in queue order: a later append to the same stream follows the earlier one, chain included', () => {
    const first = [event(0), event(1)];
    const second = [event(2)];
    const plan = planBatch([append('s', first, 'no_stream'), append('s', second, 1n)], nothingKnown());
    expect(plan.decisions.map((d) => d.kind)).toEqual(['write', 'write']);
    expect(plan.rows.streams).toEqual(['s', 's', 's']);
    expect(plan.rows.revisions).toEqual(['0', '1', '2']);
    const chained = chainEvents('s', 0n, GENESIS_HASH, [...first, ...second]);
    expect(plan.rows.metadata.map((m) => JSON.parse(m).hash)).toEqual(chained.map((e) => e.metadata.hash));
    // One head row per stream, at its last write.
    expect([plan.rows.headStreams, plan.rows.headRevisions, plan.rows.headHashes]).toEqual([['s'], ['2'], [chained[2]!.metadata.hash]]);
    const outcomes = plan.outcomes(positionsFor(plan, 10n));
    expect(outcomes).toEqual([
      { ok: true, result: { nextExpectedRevision: 1n, position: 11n } },
      { ok: true, result: { nextExpectedRevision: 2n, position: 12n } },
    ]);
    expect(lastPosition(outcomes)).toBe(12n);
  });

  it('continues a stored stream from the head read under the lock, and refuses a stale expectation', () => {
    const known = nothingKnown();
    known.heads.set('s', { revision: 4n, hash: 'a'.repeat(64) });
    const plan = planBatch([append('s', [event()], 3n), append('s', [event()], 4n), append('new', [event()], 'exists')], known);
    expect(plan.decisions.map((d) => d.kind)).toEqual(['refused', 'write', 'refused']);
    const [stale, , missing] = plan.outcomes(positionsFor(plan));
    expect(errorOf(stale!)).toBeInstanceOf(WrongExpectedRevisionError);
    expect(errorOf(stale!)).toMatchObject({ stream: 's', actual: 4n });
    expect(errorOf(missing!)).toMatchObject({ stream: 'new', actual: -1n });
    expect(plan.rows.revisions).toEqual(['5']);
    expect(JSON.parse(plan.rows.metadata[0]!).prevHash).toBe('a'.repeat(64));
    expect(known.heads.get('s')!.revision).toBe(4n); // what was read is not modified
  });

  it('answers a retry of a committed append with its stored result, writing nothing', () => {
    const events = [event(0), event(1)];
    const known = nothingKnown();
    known.heads.set('s', { revision: 1n, hash: 'b'.repeat(64) });
    known.events.set(events[0]!.id, { stream: 's', revision: 0n, position: 7n });
    known.events.set(events[1]!.id, { stream: 's', revision: 1n, position: 8n });
    const plan = planBatch([append('s', events, 'no_stream')], known);
    expect(plan.rows.eventIds).toEqual([]);
    expect(plan.outcomes(new Map())).toEqual([{ ok: true, result: { nextExpectedRevision: 1n, position: 8n, retried: true } }]);
  });

  it('answers a retry of an append written earlier in the same batch with the position the insert returns', () => {
    const events = [event()];
    const plan = planBatch([append('s', events, 'no_stream'), append('s', events, 'no_stream')], nothingKnown());
    expect(plan.decisions.map((d) => d.kind)).toEqual(['write', 'retried']);
    expect(plan.rows.eventIds).toEqual([events[0]!.id]);
    expect(plan.outcomes(positionsFor(plan, 3n))).toEqual([
      { ok: true, result: { nextExpectedRevision: 0n, position: 3n } },
      { ok: true, result: { nextExpectedRevision: 0n, position: 3n, retried: true } },
    ]);
  });

  it('refuses a command id already recorded or taken earlier in the batch, and a retry with another body', () => {
    const known = nothingKnown();
    known.commands.set('stored', 'h1');
    const retried = [event()];
    known.heads.set('r', { revision: 0n, hash: 'c'.repeat(64) });
    known.events.set(retried[0]!.id, { stream: 'r', revision: 0n, position: 1n });
    known.commands.set('retry', 'h1');
    const plan = planBatch(
      [
        append('a', [event()], 'no_stream', { commandId: 'stored', bodyHash: 'h1' }),
        append('b', [event()], 'no_stream', { commandId: 'fresh', bodyHash: 'h2' }),
        append('c', [event()], 'no_stream', { commandId: 'fresh', bodyHash: 'h2' }),
        append('r', retried, 'no_stream', { commandId: 'retry', bodyHash: 'other' }),
      ],
      known,
    );
    expect(plan.decisions.map((d) => d.kind)).toEqual(['refused', 'write', 'refused', 'refused']);
    const outcomes = plan.outcomes(positionsFor(plan));
    for (const n of [0, 2, 3]) expect(errorOf(outcomes[n]!)).toBeInstanceOf(DuplicateCommandError);
    expect([plan.rows.commandIds, plan.rows.commandStreams, plan.rows.commandLastEventIds]).toEqual([
      ['fresh'],
      ['b'],
      [plan.rows.eventIds[0]],
    ]);
  });

  it('refuses an event id stored in another stream; a refusal leaves the stream free for the next append', () => {
    const taken = event();
    const known = nothingKnown();
    known.events.set(taken.id, { stream: 'elsewhere', revision: 0n, position: 1n });
    const plan = planBatch([append('s', [taken], 'no_stream'), append('s', [event()], 'no_stream')], known);
    const [refused, accepted] = plan.outcomes(positionsFor(plan, 2n));
    expect(errorOf(refused!)).toBeInstanceOf(DuplicateEventIdError);
    expect(errorOf(refused!)).toMatchObject({ eventId: taken.id });
    expect(accepted).toEqual({ ok: true, result: { nextExpectedRevision: 0n, position: 2n } });
    expect(lastPosition([refused!])).toBeUndefined();
  });

  it('fails loudly when the insert did not return a position it needs', () => {
    const plan = planBatch([append('s', [event()], 'no_stream')], nothingKnown());
    expect(() => plan.outcomes(new Map())).toThrow(/returned no position/);
  });
});
