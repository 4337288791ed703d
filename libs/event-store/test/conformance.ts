/**
 * The one conformance suite every EventStore adapter passes. Each adapter has a tiny spec file that
 * calls describeEventStoreConformance() with a harness; nothing here knows which store it talks to.
 */
import { randomUUID } from 'node:crypto';
import {
  DuplicateCommandError,
  DuplicateEventIdError,
  EventStoreArgumentError,
  GENESIS_HASH,
  MAX_PAGE_SIZE,
  WrongExpectedRevisionError,
  verifyAll,
  verifyStream,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../src';

export interface ConformanceHarness {
  /** A fresh, empty store (tests that need isolation, e.g. tampering, call it again). */
  create(): Promise<EventStore>;
  /** SQL stores: overwrite the stored data of one event directly in the database, bypassing the port. */
  tamper?: (store: EventStore, eventId: string) => Promise<void>;
  /**
   * SQL stores keep event ids unique across the whole log (a UNIQUE column). KurrentDB only dedupes an id
   * within its stream's idempotence window, so the cross-stream test does not apply to it.
   */
  globallyUniqueEventIds?: boolean;
}

const uniqueStream = (name: string): string => `${name}-${randomUUID()}`;

export function newEvent(type = 'Tested', data: Record<string, string | number | boolean | null> = {}): NewEvent {
  return { id: randomUUID(), type, data: { ...data }, metadata: { actor: 'conformance', commandId: randomUUID() } };
}

const events = (count: number, type = 'Tested'): NewEvent[] =>
  Array.from({ length: count }, (_, i) => newEvent(type, { i }));

async function expectWrongRevision(promise: Promise<unknown>, stream: string, actual: bigint): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  const wrong = error as WrongExpectedRevisionError;
  expect(wrong.stream).toBe(stream);
  expect(String(wrong.actual)).toBe(String(actual));
}

/** Subscribes with a stream-prefix filter and collects until `count` events have arrived. */
async function collect(
  store: EventStore,
  streamPrefix: string,
  count: number,
  after?: bigint,
  timeoutMs = 120_000,
): Promise<RecordedEvent[]> {
  const seen: RecordedEvent[] = [];
  let done!: () => void;
  let failed!: (e: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const subscription = store.subscribeAll(
    { after, filter: { streamPrefix } },
    (event) => {
      seen.push(event);
      if (seen.length === count) done();
    },
    { onError: failed },
  );
  const timer = setTimeout(() => failed(new Error(`timed out with ${seen.length}/${count} events`)), timeoutMs);
  try {
    await finished;
  } finally {
    clearTimeout(timer);
    await subscription.stop();
  }
  return seen;
}

export function describeEventStoreConformance(adapterName: string, harness: ConformanceHarness): void {
  describe(`EventStore conformance: ${adapterName}`, () => {
    let store: EventStore;

    beforeAll(async () => {
      store = await harness.create();
    });

    afterAll(async () => {
      await store?.close();
    });

    describe('append and expected revision', () => {
      it('creates a stream with no_stream and numbers revisions from 0', async () => {
        const stream = uniqueStream('create');
        const result = await store.append(stream, events(3), 'no_stream');
        expect(String(result.nextExpectedRevision)).toBe('2');
        const read = await store.readStream(stream, { limit: 10 });
        expect(read.map((e) => String(e.revision))).toEqual(['0', '1', '2']);
        expect(String(read[2]!.position)).toBe(String(result.position));
        expect(read.every((e) => e.stream === stream)).toBe(true);
        expect(read[0]!.recordedAt).toBeInstanceOf(Date);
      });

      it('refuses no_stream on an existing stream, naming the actual revision', async () => {
        const stream = uniqueStream('exists-already');
        await store.append(stream, events(2), 'no_stream');
        await expectWrongRevision(store.append(stream, events(1), 'no_stream'), stream, 1n);
      });

      it('refuses exists on a missing stream and accepts it on an existing one', async () => {
        const stream = uniqueStream('exists');
        await expectWrongRevision(store.append(stream, events(1), 'exists'), stream, -1n);
        await store.append(stream, events(1), 'no_stream');
        const result = await store.append(stream, events(1), 'exists');
        expect(String(result.nextExpectedRevision)).toBe('1');
      });

      it('refuses a stale exact revision and names stream, expected and actual', async () => {
        const stream = uniqueStream('stale');
        await store.append(stream, events(3), 'no_stream');
        const error = await store.append(stream, events(1), 1n).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).expected).toBe(1n);
        expect(String((error as WrongExpectedRevisionError).actual)).toBe('2');
        expect((error as Error).message).toContain(stream);
        const missing = uniqueStream('missing');
        await expectWrongRevision(store.append(missing, events(1), 0n), missing, -1n);
      });

      it('lets exactly one of two racing writers win, every time', async () => {
        for (let round = 0; round < 20; round += 1) {
          const stream = uniqueStream('race');
          await store.append(stream, events(1), 'no_stream');
          const outcomes = await Promise.allSettled([
            store.append(stream, events(1), 0n),
            store.append(stream, events(1), 0n),
          ]);
          const won = outcomes.filter((o) => o.status === 'fulfilled');
          const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(1);
          expect(lost[0]!.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(await store.readStream(stream, { limit: 10 })).toHaveLength(2);
        }
      });

      it('treats a retried append (same ids, same expected revision) as a success without duplicates', async () => {
        const stream = uniqueStream('retry');
        await store.append(stream, events(1), 'no_stream');
        const batch = events(2);
        const first = await store.append(stream, batch, 0n);
        const again = await store.append(stream, batch, 0n);
        expect(String(again.nextExpectedRevision)).toBe(String(first.nextExpectedRevision));
        const read = await store.readStream(stream, { limit: 10 });
        expect(read.map((e) => e.id)).toEqual([expect.any(String), batch[0]!.id, batch[1]!.id]);
      });

      it('refuses an empty append and an oversized batch', async () => {
        await expect(store.append(uniqueStream('empty'), [], 'no_stream')).rejects.toBeInstanceOf(
          EventStoreArgumentError,
        );
        await expect(store.append(uniqueStream('big'), events(1001), 'no_stream')).rejects.toBeInstanceOf(
          EventStoreArgumentError,
        );
      });
    });

    describe('reading', () => {
      it('pages a stream forwards and backwards', async () => {
        const stream = uniqueStream('paging');
        await store.append(stream, events(25), 'no_stream');
        const forward: string[] = [];
        let from = 0n;
        for (;;) {
          const page = await store.readStream(stream, { fromRevision: from, limit: 10 });
          forward.push(...page.map((e) => String(e.revision)));
          if (page.length < 10) break;
          from = page[page.length - 1]!.revision + 1n;
        }
        expect(forward).toEqual(Array.from({ length: 25 }, (_, i) => String(i)));
        const backward = await store.readStream(stream, { direction: 'backwards', limit: 5 });
        expect(backward.map((e) => String(e.revision))).toEqual(['24', '23', '22', '21', '20']);
        const middle = await store.readStream(stream, { direction: 'backwards', fromRevision: 3n, limit: 10 });
        expect(middle.map((e) => String(e.revision))).toEqual(['3', '2', '1', '0']);
        expect(await store.readStream(uniqueStream('nothing'), { limit: 10 })).toEqual([]);
      });

      it('reads the global log in strictly increasing position order, both ways, with filters', async () => {
        const prefix = uniqueStream('all');
        const start = await store.headPosition();
        for (let i = 0; i < 6; i += 1) {
          await store.append(
            `${prefix}-${i % 3}`,
            [newEvent(i % 2 === 0 ? 'Even' : 'Odd', { i })],
            i < 3 ? 'no_stream' : BigInt(0),
          );
        }
        const mine = (
          await store.readAll({ after: start, limit: MAX_PAGE_SIZE, filter: { streamPrefix: prefix } })
        ).map((e) => e);
        expect(mine.map((e) => e.data['i'])).toEqual([0, 1, 2, 3, 4, 5]);
        for (let i = 1; i < mine.length; i += 1) expect(mine[i]!.position > mine[i - 1]!.position).toBe(true);

        const firstTwo = await store.readAll({ after: start, limit: 2, filter: { streamPrefix: prefix } });
        const nextTwo = await store.readAll({
          after: firstTwo[1]!.position,
          limit: 2,
          filter: { streamPrefix: prefix },
        });
        expect([...firstTwo, ...nextTwo].map((e) => e.data['i'])).toEqual([0, 1, 2, 3]);

        const backwards = await store.readAll({ direction: 'backwards', limit: 3, filter: { streamPrefix: prefix } });
        expect(backwards.map((e) => e.data['i'])).toEqual([5, 4, 3]);
        const before = await store.readAll({
          direction: 'backwards',
          before: backwards[2]!.position,
          limit: 10,
          filter: { streamPrefix: prefix },
        });
        expect(before.map((e) => e.data['i'])).toEqual([2, 1, 0]);

        const evens = await store.readAll({
          after: start,
          limit: 100,
          filter: { streamPrefix: prefix, eventTypes: ['Even'] },
        });
        expect(evens.map((e) => e.data['i'])).toEqual([0, 2, 4]);
        expect((await store.headPosition()) >= mine[5]!.position).toBe(true);
      });

      it('refuses a page larger than the limit', async () => {
        await expect(store.readAll({ limit: MAX_PAGE_SIZE + 1 })).rejects.toBeInstanceOf(EventStoreArgumentError);
        await expect(store.readStream('x', { limit: 0 })).rejects.toBeInstanceOf(EventStoreArgumentError);
      });

      it('round-trips a 1 MB payload and Chinese text exactly', async () => {
        const stream = uniqueStream('payload');
        const big = '医保基金总额预算'.repeat((1024 * 1024) / 24 + 1).slice(0, 350_000); // ~1 MB in UTF-8
        const text = '定点医疗机构 年终清算 结余留用 — “超支分担” ✓ 🏥 \u0000? no: \u2028 line-sep';
        const event: NewEvent = {
          id: randomUUID(),
          type: '年终清算完成',
          data: { big, text: text.replace('\u0000', ''), nested: { 金额: '4712000.00', list: ['一', '二'] } },
          metadata: { actor: '财务科 张三', commandId: randomUUID() },
        };
        expect(Buffer.byteLength(JSON.stringify(event.data), 'utf8')).toBeGreaterThan(1_000_000);
        await store.append(stream, [event], 'no_stream');
        const [read] = await store.readStream(stream, { limit: 1 });
        expect(read!.type).toBe('年终清算完成');
        expect(read!.data).toEqual(event.data);
        expect(read!.metadata['actor']).toBe('财务科 张三');
      });
    });

    describe('subscriptions', () => {
      it('catches up and goes live under load: 8 writers x 500 events, each seen once, in order', async () => {
        const prefix = uniqueStream('load');
        const start = await store.headPosition();
        const writers = 8;
        const perWriter = 500;
        const seenPromise = collect(store, prefix, writers * perWriter, start);
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            const stream = `${prefix}-w${w}`;
            let expected: bigint | 'no_stream' = 'no_stream';
            for (let i = 0; i < perWriter; i += 1) {
              const result = await store.append(stream, [newEvent('Loaded', { w, i })], expected);
              expected = result.nextExpectedRevision;
            }
          }),
        );
        const seen = await seenPromise;
        expect(seen).toHaveLength(writers * perWriter);
        expect(new Set(seen.map((e) => e.id)).size).toBe(writers * perWriter);
        for (let i = 1; i < seen.length; i += 1) expect(seen[i]!.position > seen[i - 1]!.position).toBe(true);
        for (let w = 0; w < writers; w += 1) {
          const mine = seen.filter((e) => e.stream === `${prefix}-w${w}`).map((e) => e.data['i']);
          expect(mine).toEqual(Array.from({ length: perWriter }, (_, i) => i));
        }
      });

      it('resumes from a checkpoint without skipping or repeating', async () => {
        const prefix = uniqueStream('resume');
        const start = await store.headPosition();
        await store.append(`${prefix}-a`, events(10), 'no_stream');
        const firstFour = await collect(store, prefix, 4, start);
        const checkpoint = firstFour[3]!.position;
        await store.append(`${prefix}-a`, events(5), 9n);
        const rest = await collect(store, prefix, 11, checkpoint);
        const all = [...firstFour, ...rest].map((e) => String(e.revision));
        expect(all).toEqual(Array.from({ length: 15 }, (_, i) => String(i)));
      });
    });

    describe('commands and the hash chain', () => {
      it('records the command of an append and refuses the same command id on another append', async () => {
        const stream = uniqueStream('command');
        const commandId = randomUUID();
        const result = await store.append(stream, events(2), 'no_stream', { command: { commandId, bodyHash: 'h1' } });
        const record = await store.findCommand(commandId);
        expect(record).toBeDefined();
        expect(record!.stream).toBe(stream);
        expect(record!.bodyHash).toBe('h1');
        expect(String(record!.firstRevision)).toBe('0');
        expect(String(record!.lastRevision)).toBe('1');
        expect(String(record!.position)).toBe(String(result.position));
        await expect(
          store.append(uniqueStream('command-other'), events(1), 'no_stream', {
            command: { commandId, bodyHash: 'h2' },
          }),
        ).rejects.toBeInstanceOf(DuplicateCommandError);
        expect(await store.findCommand(randomUUID())).toBeUndefined();
      });

      const uniqueIdsTitle = 'refuses an event id already in the log, appending nothing of that append';
      (harness.globallyUniqueEventIds ? it : it.skip)(
        harness.globallyUniqueEventIds
          ? uniqueIdsTitle
          : `${uniqueIdsTitle} — skipped: ${adapterName} keeps event ids unique per stream only`,
        async () => {
          const first = events(2);
          await store.append(uniqueStream('dup-id'), first, 'no_stream');
          const other = uniqueStream('dup-id-other');
          await expect(
            store.append(other, [events(1)[0]!, { ...events(1)[0]!, id: first[1]!.id }], 'no_stream'),
          ).rejects.toBeInstanceOf(DuplicateEventIdError);
          expect(await store.readStream(other, { limit: 10 })).toEqual([]);
          await store.append(other, events(1), 'no_stream'); // the stream is still new
        },
      );

      it('names the command, not the event ids, when a repeated command carries the same event ids', async () => {
        const commandId = randomUUID();
        const batch = events(1);
        await store.append(uniqueStream('dup-cmd'), batch, 'no_stream', { command: { commandId, bodyHash: 'h' } });
        await expect(
          store.append(uniqueStream('dup-cmd-other'), batch, 'no_stream', { command: { commandId, bodyHash: 'h' } }),
        ).rejects.toBeInstanceOf(DuplicateCommandError);
      });

      it('links every event to the previous one in its stream, and verifies', async () => {
        const stream = uniqueStream('chain');
        await store.append(stream, events(3), 'no_stream');
        await store.append(stream, events(2), 2n);
        const read = await store.readStream(stream, { limit: 10 });
        expect(read[0]!.metadata.prevHash).toBe(GENESIS_HASH);
        for (let i = 1; i < read.length; i += 1) expect(read[i]!.metadata.prevHash).toBe(read[i - 1]!.metadata.hash);
        const report = await verifyStream(store, stream);
        expect(report).toMatchObject({ ok: true, eventsChecked: 5, streamsChecked: 1 });
      });

      it('verifies the whole log on an untouched store', async () => {
        const report = await verifyAll(store);
        expect(report.ok).toBe(true);
        expect(report.eventsChecked).toBeGreaterThan(4000);
        expect(report.firstBreak).toBeUndefined();
      });

      const tamper = harness.tamper;
      const tamperTitle = 'finds a row edited directly in the database';
      (tamper ? it : it.skip)(
        tamper ? tamperTitle : `${tamperTitle} — skipped: ${adapterName} gives no direct row access`,
        async () => {
          const isolated = await harness.create();
          try {
            const stream = uniqueStream('tamper');
            const batch = events(4);
            await isolated.append(stream, batch, 'no_stream');
            await isolated.append(uniqueStream('tamper-other'), events(2), 'no_stream');
            expect((await verifyAll(isolated)).ok).toBe(true);
            await tamper!(isolated, batch[2]!.id);
            const report = await verifyAll(isolated);
            expect(report.ok).toBe(false);
            expect(report.firstBreak).toMatchObject({
              stream,
              revision: '2',
              eventId: batch[2]!.id,
              cause: 'hash_mismatch',
            });
            const single = await verifyStream(isolated, stream);
            expect(single.firstBreak?.cause).toBe('hash_mismatch');
          } finally {
            await isolated.close();
          }
        },
      );
    });
  });
}
