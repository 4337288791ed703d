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
      await store.append('s', [event(4)], 1n);
      expect((await loader.load('s', sum)).state).toBe(7); // caught up from its own cache
      expect((await loader.load('s', list)).state).toEqual([1, 2, 4]);
      const sameFold = { ...sum, cacheIdentity: sum };
      expect((await loader.load('s', sameFold)).revision).toBe(2n);
    } finally {
      await store.close();
    }
  });
});
