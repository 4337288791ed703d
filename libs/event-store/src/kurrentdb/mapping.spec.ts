import { randomUUID } from 'node:crypto';
import type { AllStreamResolvedEvent, Filter, ReadPosition, ResolvedEvent } from '@kurrent/kurrentdb-client';
import {
  DuplicateCommandError,
  EventStoreArgumentError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../errors';
import {
  GENESIS_HASH,
  MAX_EVENTS_PER_APPEND,
  MAX_EVENT_BYTES,
  type CommandRecord,
  type NewEvent,
  type ReadAllOptions,
} from '../event-store.port';
import { chainEvents } from '../hash-chain';
import {
  COMMAND_RECORDED_TYPE,
  COMMAND_STREAM_PREFIX,
  DEFAULT_RETRY_POLICY,
  KDB_END,
  KDB_FILTER_ON_EVENT_TYPE,
  KDB_FILTER_ON_STREAM_NAME,
  KDB_NO_STREAM,
  KDB_START,
  KurrentDbDataError,
  UNKNOWN_POSITION,
  actualRevisionOf,
  appendStreamState,
  backoffDelayMs,
  chainHashOf,
  checkLimit,
  commandRecordedEvent,
  commandStreamName,
  describeRecord,
  deterministicUuid,
  escapeRegex,
  isAfterCheckpoint,
  isRetryableSubscriptionError,
  isSameAppend,
  isStreamNotFound,
  isVisible,
  isWrongExpectedVersion,
  logPosition,
  mapStoreError,
  matchesFilter,
  positionOf,
  prepareAppend,
  readAllPaged,
  serverFilterFor,
  startAfter,
  toCommandRecord,
  toEventData,
  toRecordedEvent,
  toWrongExpectedRevision,
  validateExpected,
  validateFilter,
  type LogItem,
} from './mapping';

const newEvent = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  id: randomUUID(),
  type: 'Tested',
  data: { amount: '10.00' },
  metadata: { actor: 'unit' },
  ...overrides,
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('expected revision -> stream state', () => {
  const newStream = { revision: -1n, hash: GENESIS_HASH };
  const atFour = { revision: 4n, hash: 'a'.repeat(64) };

  it('passes an exact revision through as a bigint', () => {
    expect(appendStreamState(7n, { revision: 7n, hash: 'a'.repeat(64) })).toBe(7n);
    expect(appendStreamState(0n, { revision: 0n, hash: 'a'.repeat(64) })).toBe(0n);
  });

  it('maps no_stream to NO_STREAM', () => {
    expect(appendStreamState('no_stream', newStream)).toBe(KDB_NO_STREAM);
  });

  it("pins 'exists' to the revision just read, so the read-then-append cannot interleave", () => {
    expect(appendStreamState('exists', atFour)).toBe(4n);
    expect(thrown(() => appendStreamState('exists', newStream))).toBeInstanceOf(EventStoreArgumentError);
  });

  it('never produces ANY (nor STREAM_EXISTS, which would let a concurrent write break the chain)', () => {
    const states = [
      appendStreamState(3n, atFour),
      appendStreamState('no_stream', newStream),
      appendStreamState('exists', atFour),
    ];
    for (const state of states) {
      expect(state).not.toBe('any');
      expect(state).not.toBe('stream_exists');
    }
  });

  it('refuses negative, non-bigint and out-of-range revisions', () => {
    expect(thrown(() => validateExpected(-1n))).toBeInstanceOf(EventStoreArgumentError);
    expect(thrown(() => validateExpected(UNKNOWN_POSITION))).toBeInstanceOf(EventStoreArgumentError);
    expect(thrown(() => validateExpected(3 as unknown as bigint))).toBeInstanceOf(EventStoreArgumentError);
    expect(thrown(() => validateExpected('any' as unknown as bigint))).toBeInstanceOf(EventStoreArgumentError);
    expect(() => validateExpected('exists')).not.toThrow();
    expect(() => validateExpected(0n)).not.toThrow();
  });
});

describe('error mapping', () => {
  const wrongVersion = (actualState: 'no_stream' | bigint) =>
    Object.assign(new Error('Wrong expected version'), {
      type: 'wrong-expected-version',
      actualState,
      expectedState: 0n,
    });

  it('maps WrongExpectedVersionError to WrongExpectedRevisionError, -1n for a missing stream', () => {
    const missing = wrongVersion('no_stream');
    expect(isWrongExpectedVersion(missing)).toBe(true);
    const mapped = toWrongExpectedRevision('fund-1', 0n, missing);
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped.stream).toBe('fund-1');
    expect(mapped.expected).toBe(0n);
    expect(String(mapped.actual)).toBe('-1');
    expect(mapped.message).toContain('fund-1');
  });

  it('keeps the actual revision, and treats negative actuals (gRPC metadata "-1") as no stream', () => {
    expect(String(toWrongExpectedRevision('s', 'no_stream', wrongVersion(2n)).actual)).toBe('2');
    expect(String(toWrongExpectedRevision('s', 1n, wrongVersion(-1n)).actual)).toBe('-1');
    expect(String(actualRevisionOf(undefined))).toBe('-1');
    expect(String(actualRevisionOf(0n))).toBe('0');
  });

  it('recognises stream-not-found by the client error type', () => {
    expect(isStreamNotFound(Object.assign(new Error('x'), { type: 'stream-not-found' }))).toBe(true);
    expect(isStreamNotFound(new Error('stream-not-found'))).toBe(false);
    expect(isStreamNotFound(undefined)).toBe(false);
  });

  it('maps transport failures to EventStoreUnavailableError and keeps the cause', () => {
    const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    const mapped = mapStoreError(grpc, 'append to s');
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapped.message).toContain('unreachable');
    expect((mapped as Error & { cause?: unknown }).cause).toBe(grpc);
    expect(mapStoreError(Object.assign(new Error('UnavailableError'), { type: 'unavailable' }), 'read')).toBeInstanceOf(
      EventStoreUnavailableError,
    );
    expect(mapStoreError('weird', 'read')).toBeInstanceOf(EventStoreUnavailableError);
  });

  it('maps size limits to EventStoreArgumentError and lets port errors through unchanged', () => {
    const tooBig = Object.assign(new Error('too big'), { type: 'maximum-append-size-exceeded' });
    expect(mapStoreError(tooBig, 'append')).toBeInstanceOf(EventStoreArgumentError);
    const duplicate = new DuplicateCommandError('c1');
    expect(mapStoreError(duplicate, 'append')).toBe(duplicate);
    const data = new KurrentDbDataError('bad');
    expect(mapStoreError(data, 'read')).toBe(data);
  });

  it('retries a dropped subscription on transport errors only', () => {
    expect(isRetryableSubscriptionError(Object.assign(new Error('x'), { type: 'unavailable' }))).toBe(true);
    expect(isRetryableSubscriptionError(Object.assign(new Error('x'), { code: 14 }))).toBe(true);
    expect(isRetryableSubscriptionError(new EventStoreUnavailableError('ended'))).toBe(true);
    expect(isRetryableSubscriptionError(Object.assign(new Error('x'), { type: 'access-denied' }))).toBe(false);
    expect(isRetryableSubscriptionError(new KurrentDbDataError('not json'))).toBe(false);
    expect(isRetryableSubscriptionError(new EventStoreArgumentError('bad filter'))).toBe(false);
  });
});

describe('positions', () => {
  it('starts after an exclusive checkpoint, or at the beginning for none or -1n (empty store)', () => {
    expect(startAfter(undefined)).toBe(KDB_START);
    expect(startAfter(-1n)).toBe(KDB_START);
    expect(startAfter(0n)).toEqual({ commit: 0n, prepare: 0n });
    expect(startAfter(123_456_789_012_345_678n)).toEqual(logPosition(123_456_789_012_345_678n));
  });

  it('keeps positions as bigint beyond Number.MAX_SAFE_INTEGER', () => {
    const big = 2n ** 60n + 1n;
    expect(positionOf({ id: 'e', position: { commit: big, prepare: big } })).toBe(big);
    expect(typeof positionOf({ id: 'e', position: { commit: big, prepare: big } })).toBe('bigint');
  });

  it('falls back to the resolved commit position and refuses a missing or unknown one', () => {
    expect(positionOf({ id: 'e' }, 42n)).toBe(42n);
    expect(thrown(() => positionOf({ id: 'e' }))).toBeInstanceOf(KurrentDbDataError);
    const unknown = { commit: UNKNOWN_POSITION, prepare: UNKNOWN_POSITION };
    expect(thrown(() => positionOf({ id: 'e', position: unknown }))).toBeInstanceOf(KurrentDbDataError);
  });

  it('skips events at or before the checkpoint (catch-up may start inclusive)', () => {
    expect(isAfterCheckpoint(10n, undefined)).toBe(true);
    expect(isAfterCheckpoint(10n, 9n)).toBe(true);
    expect(isAfterCheckpoint(10n, 10n)).toBe(false);
    expect(isAfterCheckpoint(9n, 10n)).toBe(false);
  });
});

describe('filters', () => {
  it('hides $ streams, $ event types and the command-record streams', () => {
    expect(isVisible('fund-1', 'Paid')).toBe(true);
    expect(isVisible('$stats-0.0.0.0:2113', 'StatsCollected')).toBe(false);
    expect(isVisible('fund-1', '$>')).toBe(false);
    expect(isVisible(`${COMMAND_STREAM_PREFIX}abc`, COMMAND_RECORDED_TYPE)).toBe(false);
  });

  it('applies stream prefix and event types together', () => {
    const filter = { streamPrefix: 'fund-', eventTypes: ['Paid', 'Refunded'] };
    expect(matchesFilter(filter, 'fund-1', 'Paid')).toBe(true);
    expect(matchesFilter(filter, 'fund-1', 'Opened')).toBe(false);
    expect(matchesFilter(filter, 'hospital-1', 'Paid')).toBe(false);
    expect(matchesFilter(undefined, 'anything', 'Any')).toBe(true);
    expect(matchesFilter({ streamPrefix: '' }, 'x', 'Y')).toBe(true);
  });

  it('validates filters', () => {
    expect(thrown(() => validateFilter({ eventTypes: [] }))).toBeInstanceOf(EventStoreArgumentError);
    expect(thrown(() => validateFilter({ eventTypes: Array.from({ length: 101 }, (_, i) => `T${i}`) }))).toBeInstanceOf(
      EventStoreArgumentError,
    );
    expect(thrown(() => validateFilter({ eventTypes: [''] }))).toBeInstanceOf(EventStoreArgumentError);
    expect(() => validateFilter({ eventTypes: ['A'], streamPrefix: 'x-' })).not.toThrow();
  });

  it('filters server-side by stream prefix when one is given', () => {
    expect(serverFilterFor({ streamPrefix: 'fund-', eventTypes: ['Paid'] })).toEqual({
      filterOn: KDB_FILTER_ON_STREAM_NAME,
      checkpointInterval: 1,
      prefixes: ['fund-'],
    });
  });

  it('filters server-side by an anchored, escaped event-type regex otherwise', () => {
    const filter = serverFilterFor({ eventTypes: ['Paid', 'a.b+c', '年终清算完成'] });
    expect(filter.filterOn).toBe(KDB_FILTER_ON_EVENT_TYPE);
    const regex = new RegExp((filter as Filter & { regex: string }).regex);
    expect(regex.test('Paid')).toBe(true);
    expect(regex.test('a.b+c')).toBe(true);
    expect(regex.test('年终清算完成')).toBe(true);
    expect(regex.test('aXb+c')).toBe(false);
    expect(regex.test('Paid2')).toBe(false);
    expect(regex.test('XPaid')).toBe(false);
  });

  it('always excludes $ streams and command records server-side when unfiltered', () => {
    const filter = serverFilterFor(undefined);
    expect(filter.filterOn).toBe(KDB_FILTER_ON_STREAM_NAME);
    const regex = new RegExp((filter as Filter & { regex: string }).regex);
    expect(regex.test('fund-1')).toBe(true);
    expect(regex.test('ledger-1')).toBe(true);
    expect(regex.test('$settings')).toBe(false);
    expect(regex.test('$$fund-1')).toBe(false);
    expect(regex.test(`${COMMAND_STREAM_PREFIX}123`)).toBe(false);
  });

  it('escapes every regex metacharacter', () => {
    const nasty = '^$.|?*+()[]{}\\';
    expect(new RegExp(`^${escapeRegex(nasty)}$`).test(nasty)).toBe(true);
  });
});

/** A fake $all with the server's semantics: forwards from p is inclusive, backwards from p is exclusive. */
interface FakeRecord {
  position: bigint;
  stream: string;
  type: string;
}

function fakeLog(records: FakeRecord[], behaviour: { honourFilter: boolean; backwardsInclusive?: boolean }) {
  const calls: Array<{ from: ReadPosition; maxCount: number }> = [];
  const read =
    (backwards: boolean, filter: (r: FakeRecord) => boolean) =>
    async (from: ReadPosition, maxCount: number): Promise<Array<LogItem<FakeRecord>>> => {
      calls.push({ from, maxCount });
      let candidates = backwards ? [...records].reverse() : records;
      if (typeof from === 'object') {
        const at = from.commit;
        candidates = candidates.filter((r) =>
          backwards ? (behaviour.backwardsInclusive ? r.position <= at : r.position < at) : r.position >= at,
        );
      } else if ((from === KDB_START && backwards) || (from === KDB_END && !backwards)) {
        candidates = [];
      }
      if (behaviour.honourFilter) candidates = candidates.filter(filter);
      return candidates.slice(0, maxCount).map((r) => ({ ...r, value: r }));
    };
  return { calls, read };
}

const LOG: FakeRecord[] = [
  { position: 100n, stream: '$settings', type: '$settings' },
  { position: 200n, stream: 'fund-a', type: 'Even' },
  { position: 300n, stream: 'fund-b', type: 'Odd' },
  { position: 400n, stream: `${COMMAND_STREAM_PREFIX}c1`, type: COMMAND_RECORDED_TYPE },
  { position: 500n, stream: 'fund-a', type: 'Even' },
  { position: 600n, stream: '$stats', type: '$statsCollected' },
  { position: 700n, stream: 'hospital-x', type: 'Odd' },
  { position: 800n, stream: 'fund-c', type: 'Odd' },
  { position: 900n, stream: 'fund-a', type: 'Even' },
];

describe.each([
  { name: 'server honours the filter', honourFilter: true },
  { name: 'server ignores the filter', honourFilter: false },
])('readAllPaged ($name)', ({ honourFilter }) => {
  async function page(options: ReadAllOptions, backwardsInclusive = false): Promise<string[]> {
    const predicate = (r: FakeRecord): boolean => matchesFilter(options.filter, r.stream, r.type);
    const { read } = fakeLog(LOG, { honourFilter, backwardsInclusive });
    const result = await readAllPaged(read(options.direction === 'backwards', predicate), options);
    return result.map((r) => String(r.position));
  }

  it('reads everything visible, skipping $ events and command records', async () => {
    expect(await page({ limit: 100 })).toEqual(['200', '300', '500', '700', '800', '900']);
  });

  it('treats `after` as exclusive although the server starts inclusive', async () => {
    expect(await page({ after: 300n, limit: 100 })).toEqual(['500', '700', '800', '900']);
    expect(await page({ after: 900n, limit: 100 })).toEqual([]);
    expect(await page({ after: -1n, limit: 2 })).toEqual(['200', '300']);
  });

  it('pages without skipping or repeating, whatever the limit', async () => {
    for (const limit of [1, 2, 3, 4]) {
      const seen: string[] = [];
      let after: bigint | undefined;
      for (;;) {
        const options: ReadAllOptions = { after, limit, filter: { streamPrefix: 'fund-' } };
        const predicate = (r: FakeRecord): boolean => matchesFilter(options.filter, r.stream, r.type);
        const { read } = fakeLog(LOG, { honourFilter });
        const batch = await readAllPaged(read(false, predicate), options);
        seen.push(...batch.map((r) => String(r.position)));
        if (batch.length < limit) break;
        after = batch[batch.length - 1]!.position;
      }
      expect(seen).toEqual(['200', '300', '500', '800', '900']);
    }
  });

  it('treats `before` as exclusive backwards, whether or not the server includes the boundary', async () => {
    expect(await page({ direction: 'backwards', limit: 3 })).toEqual(['900', '800', '700']);
    expect(await page({ direction: 'backwards', before: 700n, limit: 10 })).toEqual(['500', '300', '200']);
    expect(await page({ direction: 'backwards', before: 700n, limit: 10 }, true)).toEqual(['500', '300', '200']);
    expect(await page({ direction: 'backwards', before: 0n, limit: 10 })).toEqual([]);
  });

  it('applies event types and stream prefix together', async () => {
    expect(await page({ limit: 100, filter: { eventTypes: ['Even'] } })).toEqual(['200', '500', '900']);
    expect(await page({ limit: 100, filter: { streamPrefix: 'fund-', eventTypes: ['Odd'] } })).toEqual(['300', '800']);
    expect(await page({ direction: 'backwards', limit: 1, filter: { eventTypes: ['Odd'] } })).toEqual(['800']);
  });

  it('asks for one event more than still needed, starting from the last position seen', async () => {
    const predicate = (r: FakeRecord): boolean => matchesFilter(undefined, r.stream, r.type);
    const { read, calls } = fakeLog(LOG, { honourFilter });
    await readAllPaged(read(false, predicate), { after: 200n, limit: 2 });
    expect(calls[0]).toEqual({ from: { commit: 200n, prepare: 200n }, maxCount: 3 });
    for (const call of calls.slice(1)) expect(typeof call.from).toBe('object');
  });
});

describe('readAllPaged limits', () => {
  it('refuses bad page sizes before reading', async () => {
    const read = jest.fn();
    await expect(readAllPaged(read, { limit: 0 })).rejects.toBeInstanceOf(EventStoreArgumentError);
    await expect(readAllPaged(read, { limit: 1001 })).rejects.toBeInstanceOf(EventStoreArgumentError);
    await expect(readAllPaged(read, { limit: 1.5 })).rejects.toBeInstanceOf(EventStoreArgumentError);
    expect(read).not.toHaveBeenCalled();
    expect(() => checkLimit(1000)).not.toThrow();
    expect(() => checkLimit(1)).not.toThrow();
  });
});

describe('append preparation', () => {
  it('accepts a normal batch and lower-cases ids (KurrentDB reads them back in lower case)', () => {
    const upper = randomUUID().toUpperCase();
    const [prepared] = prepareAppend('fund-1', [newEvent({ id: upper })]);
    expect(prepared!.id).toBe(upper.toLowerCase());
  });

  it('refuses empty, oversized and malformed appends', () => {
    expect(thrown(() => prepareAppend('s', []))).toBeInstanceOf(EventStoreArgumentError);
    const tooMany = Array.from({ length: MAX_EVENTS_PER_APPEND + 1 }, () => newEvent());
    expect(thrown(() => prepareAppend('s', tooMany))).toBeInstanceOf(EventStoreArgumentError);
    const huge = newEvent({ data: { blob: 'x'.repeat(MAX_EVENT_BYTES) } });
    expect(thrown(() => prepareAppend('s', [huge]))).toBeInstanceOf(EventStoreArgumentError);
    expect(thrown(() => prepareAppend('s', [newEvent({ id: 'not-a-uuid' })]))).toBeInstanceOf(EventStoreArgumentError);
    const id = randomUUID();
    expect(thrown(() => prepareAppend('s', [newEvent({ id }), newEvent({ id })]))).toBeInstanceOf(
      EventStoreArgumentError,
    );
    expect(thrown(() => prepareAppend('s', [newEvent({ type: '$metadata' })]))).toBeInstanceOf(EventStoreArgumentError);
    expect(thrown(() => prepareAppend('s', [newEvent({ type: '' })]))).toBeInstanceOf(EventStoreArgumentError);
  });

  it('refuses system streams and the reserved command-record prefix', () => {
    expect(thrown(() => prepareAppend('$settings', [newEvent()]))).toBeInstanceOf(EventStoreArgumentError);
    expect(thrown(() => prepareAppend(`${COMMAND_STREAM_PREFIX}x`, [newEvent()]))).toBeInstanceOf(
      EventStoreArgumentError,
    );
    expect(thrown(() => prepareAppend('', [newEvent()]))).toBeInstanceOf(EventStoreArgumentError);
    expect(thrown(() => prepareAppend('s'.repeat(513), [newEvent()]))).toBeInstanceOf(EventStoreArgumentError);
  });

  it('builds JSON event data carrying the chain link in metadata', () => {
    const [chained] = chainEvents('fund-1', 0n, GENESIS_HASH, [newEvent()]);
    const data = toEventData(chained!);
    expect(data).toMatchObject({
      id: chained!.id,
      contentType: 'application/json',
      type: 'Tested',
      data: { amount: '10.00' },
    });
    expect(data.metadata).toMatchObject({ actor: 'unit', prevHash: GENESIS_HASH, hash: chained!.metadata.hash });
  });
});

describe('recorded events', () => {
  const created = new Date('2025-01-02T03:04:05.000Z');
  const resolved = (overrides: Record<string, unknown> = {}): AllStreamResolvedEvent =>
    ({
      event: {
        streamId: 'fund-1',
        id: 'b3f1c2d4-0000-4000-8000-000000000001',
        isJson: true,
        revision: 3n,
        type: 'Paid',
        created,
        data: { amount: '1.00', nested: { 金额: '4712000.00' } },
        metadata: { actor: 'a', prevHash: GENESIS_HASH, hash: 'f'.repeat(64) },
        position: { commit: 9_007_199_254_740_993n, prepare: 9_007_199_254_740_993n },
        ...overrides,
      },
      commitPosition: 9_007_199_254_740_993n,
    }) as AllStreamResolvedEvent;

  it('maps every field, positions and revisions as exact bigints', () => {
    const event = toRecordedEvent(resolved())!;
    expect(event.id).toBe('b3f1c2d4-0000-4000-8000-000000000001');
    expect(event.stream).toBe('fund-1');
    expect(String(event.revision)).toBe('3');
    expect(String(event.position)).toBe('9007199254740993');
    expect(event.type).toBe('Paid');
    expect(event.data).toEqual({ amount: '1.00', nested: { 金额: '4712000.00' } });
    expect(event.metadata.hash).toBe('f'.repeat(64));
    expect(event.recordedAt).toBe(created);
  });

  it('returns undefined for a record without an event', () => {
    expect(toRecordedEvent({ commitPosition: 5n } as ResolvedEvent)).toBeUndefined();
  });

  it('refuses non-JSON data but lets missing metadata through for verify to report', () => {
    expect(thrown(() => toRecordedEvent(resolved({ isJson: false, data: new Uint8Array([1]) })))).toBeInstanceOf(
      KurrentDbDataError,
    );
    expect(thrown(() => toRecordedEvent(resolved({ data: 'a string' })))).toBeInstanceOf(KurrentDbDataError);
    expect(toRecordedEvent(resolved({ metadata: undefined }))!.metadata).toEqual({});
  });

  it('reads the stream-read position (server >= 22.6) and refuses an unknown one', () => {
    const fromStreamRead = {
      event: { ...resolved().event!, position: { commit: 77n, prepare: 77n } },
    } as ResolvedEvent;
    expect(String(toRecordedEvent(fromStreamRead)!.position)).toBe('77');
    const unknown = {
      event: { ...resolved().event!, position: { commit: UNKNOWN_POSITION, prepare: UNKNOWN_POSITION } },
    };
    expect(thrown(() => toRecordedEvent(unknown as ResolvedEvent))).toBeInstanceOf(KurrentDbDataError);
  });

  it('describes a record without converting its payload', () => {
    expect(describeRecord(resolved({ isJson: false, data: new Uint8Array([1]) }))).toEqual({
      position: 9_007_199_254_740_993n,
      stream: 'fund-1',
      type: 'Paid',
    });
  });

  it('takes the chain head hash from metadata, and refuses to chain after an event without one', () => {
    const event = toRecordedEvent(resolved())!;
    expect(chainHashOf(event)).toBe('f'.repeat(64));
    const unlinked = toRecordedEvent(resolved({ metadata: { actor: 'x' } }))!;
    expect(thrown(() => chainHashOf(unlinked))).toBeInstanceOf(KurrentDbDataError);
  });
});

describe('command records', () => {
  const record: CommandRecord = {
    commandId: 'cmd-1',
    bodyHash: 'h1',
    stream: 'fund-1',
    firstRevision: 0n,
    lastRevision: 1n,
    position: 2n ** 62n,
  };

  it('round-trips through the CommandRecorded event with decimal strings for bigints', () => {
    const event = commandRecordedEvent(record);
    expect(event.type).toBe(COMMAND_RECORDED_TYPE);
    expect(event.data['position']).toBe((2n ** 62n).toString());
    expect(toCommandRecord(event.data)).toEqual(record);
  });

  it('derives the event id from the append, not the position: retries collide, rivals do not', () => {
    const id = commandRecordedEvent(record).id;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(commandRecordedEvent({ ...record, position: 5n }).id).toBe(id);
    expect(commandRecordedEvent({ ...record, stream: 'fund-2' }).id).not.toBe(id);
    expect(commandRecordedEvent({ ...record, bodyHash: 'h2' }).id).not.toBe(id);
    expect(commandRecordedEvent({ ...record, firstRevision: 1n, lastRevision: 2n }).id).not.toBe(id);
    expect(deterministicUuid('a')).toBe(deterministicUuid('a'));
    expect(deterministicUuid('a')).not.toBe(deterministicUuid('b'));
  });

  it('refuses malformed stored records', () => {
    expect(thrown(() => toCommandRecord({ ...commandRecordedEvent(record).data, position: '-1' }))).toBeInstanceOf(
      KurrentDbDataError,
    );
    expect(thrown(() => toCommandRecord({ ...commandRecordedEvent(record).data, stream: 7 }))).toBeInstanceOf(
      KurrentDbDataError,
    );
  });

  it('names one stream per command id and validates the id', () => {
    expect(commandStreamName('abc')).toBe(`${COMMAND_STREAM_PREFIX}abc`);
    expect(thrown(() => commandStreamName(''))).toBeInstanceOf(EventStoreArgumentError);
  });

  it('recognises a retry of the same append and nothing else', () => {
    const command = { commandId: 'cmd-1', bodyHash: 'h1' };
    expect(isSameAppend(record, command, 'fund-1', 'no_stream', 2)).toBe(true);
    expect(isSameAppend({ ...record, firstRevision: 5n, lastRevision: 6n }, command, 'fund-1', 4n, 2)).toBe(true);
    expect(isSameAppend(record, command, 'fund-1', 'exists', 2)).toBe(true);
    expect(isSameAppend(record, command, 'fund-2', 'no_stream', 2)).toBe(false);
    expect(isSameAppend(record, { ...command, bodyHash: 'h2' }, 'fund-1', 'no_stream', 2)).toBe(false);
    expect(isSameAppend(record, command, 'fund-1', 0n, 2)).toBe(false);
    expect(isSameAppend(record, command, 'fund-1', 'no_stream', 3)).toBe(false);
  });
});

describe('resubscribe back-off', () => {
  it('doubles from 100 ms and stops growing at 5 s', () => {
    const delays = Array.from({ length: 9 }, (_, i) => backoffDelayMs(i + 1, DEFAULT_RETRY_POLICY));
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
    expect(backoffDelayMs(1_000, DEFAULT_RETRY_POLICY)).toBe(5000);
    expect(backoffDelayMs(0, DEFAULT_RETRY_POLICY)).toBe(100);
  });
});

/**
 * The mapping mirrors constants and error shapes of @kurrent/kurrentdb-client by value, so that it can stay
 * free of the native bridge. These tests load the installed client once and fail when an upgrade changes them.
 */
describe('agreement with the installed @kurrent/kurrentdb-client', () => {
  type Client = typeof import('@kurrent/kurrentdb-client');
  let client: Client;

  beforeAll(async () => {
    client = await import('@kurrent/kurrentdb-client');
  });

  it('uses the same constant values', () => {
    expect(KDB_NO_STREAM).toBe(client.NO_STREAM);
    expect(KDB_START).toBe(client.START);
    expect(KDB_END).toBe(client.END);
    expect(KDB_FILTER_ON_STREAM_NAME).toBe(client.STREAM_NAME);
    expect(KDB_FILTER_ON_EVENT_TYPE).toBe(client.EVENT_TYPE);
  });

  it('builds filters of the shape the client helpers build', () => {
    expect(serverFilterFor({ streamPrefix: 'fund-' })).toEqual(client.streamNameFilter({ prefixes: ['fund-'] }));
    const types = serverFilterFor({ eventTypes: ['Paid'] }) as Filter & { regex: string };
    expect(types).toEqual(client.eventTypeFilter({ regex: types.regex }));
  });

  it("recognises the client's WrongExpectedVersionError and StreamNotFoundError", () => {
    const missing = new client.WrongExpectedVersionError(undefined, {
      streamName: 's',
      expected: 0n,
      current: 'no_stream',
    });
    expect(isWrongExpectedVersion(missing)).toBe(true);
    expect(String(toWrongExpectedRevision('s', 0n, missing).actual)).toBe('-1');
    const behind = new client.WrongExpectedVersionError(undefined, { streamName: 's', expected: 1n, current: 2n });
    expect(String(toWrongExpectedRevision('s', 1n, behind).actual)).toBe('2');
    expect(isStreamNotFound(new client.StreamNotFoundError(undefined, 's'))).toBe(true);
    expect(isWrongExpectedVersion(new client.StreamNotFoundError(undefined, 's'))).toBe(false);
  });

  it('maps the client UnavailableError to EventStoreUnavailableError', () => {
    expect(mapStoreError(new client.UnavailableError(), 'read')).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapStoreError(client.MaxAppendSizeExceededError.fromMaxAppendSize(1024), 'append')).toBeInstanceOf(
      EventStoreArgumentError,
    );
  });
});
