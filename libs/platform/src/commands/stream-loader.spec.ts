import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { StreamLoader, type Evolver } from './stream-loader';

const event = (n: number) => ({ id: randomUUID(), type: 'Counted', data: { n }, metadata: {} });

describe('StreamLoader', () => {
  it('never hands one fold the cached state of another fold of the same stream', async () => {
    const store = SqliteEventStore.open({ path: ':memory:' });
    try {
      await store.append('s', [event(1), event(2)], 'no_stream');
      const sum: Evolver<number> = { initialState: () => 0, evolve: (s, e) => s + (e.data as { n: number }).n };
      const list: Evolver<number[]> = { initialState: () => [], evolve: (s, e) => [...s, (e.data as { n: number }).n] };
      const loader = new StreamLoader(store);
      expect((await loader.load('s', sum)).state).toBe(3);
      expect((await loader.load('s', list)).state).toEqual([1, 2]);
      const appended = await store.append('s', [event(4)], 1n);
      const caughtUp = await loader.load('s', sum);
      expect(caughtUp.state).toBe(7); // caught up from its own cache
      expect(caughtUp.position).toBe(appended.position); // the last event's global position, for views
      expect((await loader.load('none', sum)).position).toBe(-1n);
      expect((await loader.load('s', list)).state).toEqual([1, 2, 4]);
      const sameFold = { ...sum, cacheIdentity: sum };
      expect((await loader.load('s', sameFold)).revision).toBe(2n);
    } finally {
      await store.close();
    }
  });

  it('bounds each fold\'s cache on its own: one fold filling its cache never evicts another\'s', async () => {
    const store = SqliteEventStore.open({ path: ':memory:' });
    try {
      for (const stream of ['a', 'b', 'c']) await store.append(stream, [event(1)], 'no_stream');
      let folded = 0;
      const counting = (): Evolver<number> => ({ initialState: () => 0, evolve: (s) => ((folded += 1), s + 1) });
      const kept = counting();
      const busy = counting();
      const loader = new StreamLoader(store, 2);
      await loader.load('a', kept);
      for (const stream of ['a', 'b', 'c']) await loader.load(stream, busy); // evicts its own 'a'
      for (let i = 0; i < 50; i += 1) await loader.load(`one-off-${i}`, counting()); // identities that die
      folded = 0;
      await loader.load('a', kept);
      expect(folded).toBe(0); // still cached for `kept`
      await loader.load('a', busy);
      expect(folded).toBe(1); // refolded: `busy` holds only its 2 newest streams
    } finally {
      await store.close();
    }
  });

  it('refuses to fold a stream past its bound, with a stable code, instead of paging without end', async () => {
    const store = SqliteEventStore.open({ path: ':memory:' });
    try {
      await store.append('long', [event(1), event(2), event(3)], 'no_stream');
      const count: Evolver<number> = { initialState: () => 0, evolve: (s) => s + 1 };
      await expect(new StreamLoader(store, 10, 2).load('long', count)).rejects.toMatchObject({
        kind: 'unavailable',
        code: 'STREAM_TOO_LONG',
      });
      expect((await new StreamLoader(store, 10, 3).load('long', count)).state).toBe(3);
    } finally {
      await store.close();
    }
  });
});
