/**
 * The SQL adapters' extra conformance: importRecorded (a copy keeps the original's global positions) and
 * the bounded group-commit queue (EventStoreBusyError past maxPendingAppends). KurrentDB has neither: it
 * assigns positions itself (importRecorded throws EventStoreUnsupportedError) and has no append queue.
 */
import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  EventImportRefusedError,
  EventStoreArgumentError,
  EventStoreBusyError,
  EventStoreUnavailableError,
  MAX_EVENTS_PER_IMPORT,
  verifyAll,
  type EventStore,
  type ImportEvent,
  type RecordedEvent,
  type RecordedEventImport,
} from '../src';
import { newEvent } from './conformance';

export interface ImportHarness {
  create(): Promise<EventStore & RecordedEventImport>;
  /** A store whose append queue holds at most `maxPendingAppends` waiting appends. */
  createBounded(maxPendingAppends: number): Promise<EventStore>;
}

/** A recorded log with gaps in its positions (as PostgreSQL leaves after rolled-back transactions). */
function gappyLog(): ImportEvent[] {
  const at = (stream: string, revision: bigint, position: bigint, i: number): ImportEvent => ({
    ...newEvent('Imported', { i }),
    stream,
    revision,
    position,
    recordedAt: new Date(Date.UTC(2026, 0, 1, 8, 0, i)),
  });
  return [at('a', 0n, 1n, 1), at('a', 1n, 2n, 2), at('b', 0n, 5n, 3), at('a', 2n, 9n, 4), at('b', 1n, 12n, 5)];
}

async function readWholeLog(store: EventStore): Promise<RecordedEvent[]> {
  return store.readAll({ limit: 1000 });
}

export function describeImportAndBoundsConformance(name: string, harness: ImportHarness): void {
  describe(`${name}: importRecorded keeps recorded positions`, () => {
    let store: EventStore & RecordedEventImport;
    beforeEach(async () => (store = await harness.create()));
    afterEach(() => store.close());

    it('imports a log with gaps at its positions and times; as-of reads and the head equal the source', async () => {
      const log = gappyLog();
      await expect(store.importRecorded(log)).resolves.toEqual({ imported: 5, lastPosition: 12n });
      const copy = await readWholeLog(store);
      expect(copy.map((e) => [e.position, e.stream, e.revision, e.id])).toEqual(
        log.map((e) => [e.position, e.stream, e.revision, e.id]),
      );
      expect(copy.map((e) => e.recordedAt.toISOString())).toEqual(log.map((e) => e.recordedAt.toISOString()));
      expect(await store.headPosition()).toBe(12n);
      // As of position 5 (reads up to it) and before 9: exactly the source's events.
      const asOf5 = await store.readAll({ before: 6n, direction: 'backwards', limit: 100 });
      expect(asOf5.map((e) => e.position)).toEqual([5n, 2n, 1n]);
      expect((await store.readAll({ after: 5n, limit: 100 })).map((e) => e.position)).toEqual([9n, 12n]);
      expect((await verifyAll(store)).ok).toBe(true);
    });

    it('re-chains exactly as an append would: the hashes equal those of the same events appended', async () => {
      const log = gappyLog();
      await store.importRecorded(log);
      const appended = await harness.create();
      try {
        for (const e of log) {
          const { id, type, data, metadata } = e;
          await appended.append(e.stream, [{ id, type, data, metadata }], e.revision === 0n ? 'no_stream' : e.revision - 1n);
        }
        const hashes = async (s: EventStore) => (await readWholeLog(s)).map((e) => e.metadata.hash);
        expect(await hashes(store)).toEqual(await hashes(appended));
      } finally {
        await appended.close();
      }
    });

    it('continues above the import: later appends and imports take higher positions', async () => {
      await store.importRecorded(gappyLog());
      const next = await store.append('a', [newEvent()], 2n);
      expect(next.position).toBeGreaterThan(12n);
      expect(next.nextExpectedRevision).toBe(3n);
      const later: ImportEvent = { ...newEvent(), stream: 'c', revision: 0n, position: next.position + 10n, recordedAt: new Date() };
      await expect(store.importRecorded([later])).resolves.toEqual({ imported: 1, lastPosition: next.position + 10n });
      expect((await store.append('c', [newEvent()], 0n)).position).toBeGreaterThan(next.position + 10n);
      expect((await verifyAll(store)).ok).toBe(true);
    });

    it('refuses positions that do not strictly increase, atomically, naming the event', async () => {
      const log = gappyLog();
      const swapped = [log[0]!, log[1]!, { ...log[2]!, position: 2n }];
      const error = await store.importRecorded(swapped).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventImportRefusedError);
      expect(error).toMatchObject({ reason: 'position_not_increasing', at: { stream: 'b', revision: 0n, position: 2n } });
      expect((error as Error).message).toMatch(/positions must strictly increase/);
      expect(await store.headPosition()).toBe(-1n); // nothing of the call was imported
      await store.importRecorded(log.slice(0, 2));
      const below = { ...log[2]!, position: 2n }; // not above the store's head (2)
      await expect(store.importRecorded([below])).rejects.toMatchObject({ reason: 'position_not_increasing' });
    });

    it('refuses a revision that does not continue its stream, and a stored event id', async () => {
      const log = gappyLog();
      const gap = [log[0]!, { ...log[1]!, revision: 2n }];
      await expect(store.importRecorded(gap)).rejects.toMatchObject({
        reason: 'revision_gap',
        at: { stream: 'a', revision: 2n, position: 2n, eventId: log[1]!.id },
      });
      await store.importRecorded(log.slice(0, 2));
      const reused: ImportEvent = { ...log[2]!, id: log[0]!.id };
      await expect(store.importRecorded([reused])).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await store.headPosition()).toBe(2n);
    });

    it('has limits: at least one event, at most MAX_EVENTS_PER_IMPORT, no id twice', async () => {
      await expect(store.importRecorded([])).rejects.toBeInstanceOf(EventStoreArgumentError);
      const many = Array.from({ length: MAX_EVENTS_PER_IMPORT + 1 }, (_, i): ImportEvent => ({
        ...newEvent(),
        stream: 's',
        revision: BigInt(i),
        position: BigInt(i + 1),
        recordedAt: new Date(),
      }));
      await expect(store.importRecorded(many)).rejects.toBeInstanceOf(EventStoreArgumentError);
      const [first] = gappyLog();
      await expect(store.importRecorded([first!, { ...first!, revision: 1n, position: 3n }])).rejects.toThrow(/twice/);
    });
  });

  describe(`${name}: the append queue is bounded`, () => {
    it('rejects an append past maxPendingAppends at once with EventStoreBusyError, appending nothing of it', async () => {
      const store = await harness.createBounded(3);
      try {
        // One turn of the event loop: all four are queued before the first commit starts.
        const appends = ['q1', 'q2', 'q3', 'q4'].map((stream) => store.append(stream, [newEvent()], 'no_stream'));
        const outcomes = await Promise.allSettled(appends);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
        const busy = (outcomes[3] as PromiseRejectedResult).reason as EventStoreBusyError;
        expect(busy).toBeInstanceOf(EventStoreBusyError);
        expect(busy).toBeInstanceOf(EventStoreUnavailableError); // still a 503 for code that only knows that
        expect(busy).toMatchObject({ limit: 3, retryAfterSeconds: 1 });
        expect(await store.readStream('q4', { limit: 10 })).toEqual([]);
        // Retryable: once the queue has drained, the same append goes through.
        await expect(store.append('q4', [newEvent()], 'no_stream')).resolves.toMatchObject({ nextExpectedRevision: 0n });
      } finally {
        await store.close();
      }
    });

    it('defaults to a bound that ordinary bursts never reach', async () => {
      const store = await harness.create();
      try {
        const appends = Array.from({ length: 600 }, () => store.append(`burst-${randomUUID()}`, [newEvent()], 'no_stream'));
        await expect(Promise.all(appends)).resolves.toHaveLength(600);
      } finally {
        await store.close();
      }
    });
  });
}
