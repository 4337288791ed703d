import { PostgresEventStore } from '@ledger/event-store/postgres';
import type { EventStore } from '@ledger/event-store';
import { postgresTestSchemas } from '../../event-store/test/postgres-test-schemas';
import { openPostgresReadStore } from '../src/postgres';
import { CheckpointMovedError, trialBalanceProjection, type ReadModelProjection, type ReadStore } from '../src';
import { describeReadStoreConformance, expectAppliedOnce } from './read-store-suite';
import { LogWriter, countingProjection, dump, engine, freshReplay, until, type ReadStoreHarness } from './support';

if (!process.env['DATABASE_URL']) {
  console.log('read-store PostgreSQL tests skipped: DATABASE_URL is not set');
  describe.skip('read-model engine conformance: postgres', () => it('needs DATABASE_URL', () => undefined));
} else {
  const { serverUrl, freshSchema, withClient } = postgresTestSchemas('rs_test');
  const schemas = new WeakMap<object, string>();

  const openRead = async (schema: string, instanceName?: string): Promise<ReadStore> => {
    const store = await openPostgresReadStore({
      connectionString: await serverUrl(),
      schema,
      ...(instanceName ? { instanceName } : {}),
    });
    schemas.set(store, schema);
    return store;
  };
  const openEvents = async (schema: string): Promise<PostgresEventStore> =>
    PostgresEventStore.open({ connectionString: await serverUrl(), schema, pollIntervalMs: 20 });

  const harness: ReadStoreHarness = {
    openEvents: () => openEvents(freshSchema()),
    reopenEvents: (events: EventStore) => openEvents((events as PostgresEventStore).schema),
    openRead: () => openRead(freshSchema()),
    reopenRead: (store: ReadStore) => openRead(schemas.get(store)!),
  };

  describeReadStoreConformance('postgres', harness);

  describe('PostgreSQL lease', () => {
    it('(c) hands over between two instances when the leader dies, and applies every event exactly once', async () => {
      const eventsA = await harness.openEvents();
      const eventsB = await harness.reopenEvents(eventsA);
      const readSchema = freshSchema();
      const storeA = await openRead(readSchema, 'rs-instance-a');
      const storeB = await openRead(readSchema, 'rs-instance-b');
      const projections = [trialBalanceProjection, countingProjection];
      // A, once killed, retries the lease slowly: the handover goes to B, not back to A.
      const a = engine({ events: eventsA, store: storeA, projections, pageSize: 5, leaseRetryMs: 60_000 });
      const b = engine({ events: eventsB, store: storeB, projections, pageSize: 5 });
      const writer = new LogWriter(eventsA);
      try {
        await writer.write(200);
        await a.start();
        await b.start();
        expect([a.role, b.role]).toEqual(['leader', 'follower']);
        // Read-your-writes on a follower: it waits on the checkpoint the leader commits.
        const early = await writer.write(5, () => ({}), 5);
        expect(await b.waitFor(early, 30_000)).toBe(true);
        let writing = true;
        const writes = (async () => {
          for (let i = 0; i < 40; i += 1) await writer.write(5, () => ({}), 5);
          writing = false;
        })();
        await until(() => writer.written > 300, 'writes under way');
        // Kill the leader's lease session (what a crashed process or a cut network does to it).
        await withClient((client) =>
          client.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'rs-instance-a:lease'`,
          ),
        );
        await until(() => b.role === 'leader', 'the follower takes the lease');
        expect(a.role).toBe('follower');
        await writes;
        expect(writing).toBe(false);
        expect(await b.waitFor(writer.lastPosition, 60_000)).toBe(true);
        await expectAppliedOnce(b.reader('applied'), writer.written);
        expect(await dump(b.reader('trial_balance'))).toBe(await freshReplay(harness, eventsA));
        // The old leader, now a follower, reads the same tables.
        expect(await a.waitFor(writer.lastPosition, 30_000)).toBe(true);
        expect(await dump(a.reader('trial_balance'))).toBe(await dump(b.reader('trial_balance')));
      } finally {
        await a.stop();
        await b.stop();
        for (const resource of [storeA, storeB, eventsA, eventsB]) await resource.close();
      }
    });

    it("(c) a new leader that read the checkpoint before the old leader's last commit applies nothing twice", async () => {
      const events = await harness.openEvents();
      const readSchema = freshSchema();
      const storeA = await openRead(readSchema, 'rs-stuck-a');
      const storeB = await openRead(readSchema, 'rs-stuck-b');
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let blocked = false;
      // The same projection in A, but A's first page stops inside its transaction until the gate opens.
      const stuck: ReadModelProjection = {
        ...countingProjection,
        async apply(tx, event) {
          blocked = true;
          await gate;
          await countingProjection.apply(tx, event);
        },
      };
      const errorsB: unknown[] = [];
      const a = engine({ events, store: storeA, projections: [stuck], leaseRetryMs: 60_000 });
      const b = engine({
        events,
        store: storeB,
        projections: [countingProjection],
        onError: (error) => errorsB.push(error),
      });
      const writer = new LogWriter(events);
      const applied = async (): Promise<bigint> => (await storeB.checkpoints('applied'))[0]?.position ?? -1n;
      try {
        await writer.write(50);
        await a.start();
        await until(() => blocked, 'A is inside its page transaction');
        await b.start();
        expect(b.role).toBe('follower');
        await withClient((client) =>
          client.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'rs-stuck-a:lease'`,
          ),
        );
        // B leads with the checkpoint as it was before A's page: its compare-and-set waits on A's row.
        await until(() => b.role === 'leader', 'B takes the lease');
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(String(await applied())).toBe('-1');
        release(); // A commits its page; B's compare-and-set then finds the checkpoint moved and applies nothing
        await until(() => errorsB.some((error) => error instanceof CheckpointMovedError), 'B notices');
        expect(b.role).toBe('leader'); // B re-read the checkpoints and leads on
        await writer.write(10);
        await until(async () => (await applied()) === writer.lastPosition, 'B catches up');
        await expectAppliedOnce(b.reader('applied'), writer.written);
      } finally {
        release();
        await a.stop();
        await b.stop();
        for (const resource of [storeA, storeB, events]) await resource.close();
      }
    });
  });
}
