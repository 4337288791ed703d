import { MAX_PAGE_SIZE, type EventStore, type ExpectedRevision } from '@ledger/event-store';

export interface Evolver<State> {
  initialState(): State;
  evolve(state: State, event: { type: string; data: unknown }): State;
}

export interface LoadedStream<State> {
  state: State;
  /** What to pass as `expected` when appending after this read. */
  expected: ExpectedRevision;
  /** -1n when the stream does not exist. */
  revision: bigint;
}

interface CacheEntry {
  revision: bigint;
  state: unknown;
}

/**
 * Loads a stream and folds it. Keeps a bounded cache of folded states (states are immutable: evolve
 * returns a new object), so a command reads only the events appended since it last saw the stream.
 * The cache is an optimisation only: it is always caught up from the store before use.
 */
export class StreamLoader {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly store: EventStore,
    private readonly maxCachedStreams = 10_000,
  ) {}

  async load<State>(stream: string, evolver: Evolver<State>): Promise<LoadedStream<State>> {
    const cached = this.cache.get(stream);
    let state = cached ? (cached.state as State) : evolver.initialState();
    let revision = cached ? cached.revision : -1n;
    for (;;) {
      const page = await this.store.readStream(stream, { fromRevision: revision + 1n, limit: MAX_PAGE_SIZE });
      for (const event of page) {
        state = evolver.evolve(state, { type: event.type, data: event.data });
        revision = event.revision;
      }
      if (page.length < MAX_PAGE_SIZE) break;
    }
    if (revision >= 0n) this.remember(stream, { revision, state });
    return { state, revision, expected: revision < 0n ? 'no_stream' : revision };
  }

  forget(stream: string): void {
    this.cache.delete(stream);
  }

  private remember(stream: string, entry: CacheEntry): void {
    this.cache.delete(stream); // re-insert: Map order is the LRU order
    this.cache.set(stream, entry);
    if (this.cache.size > this.maxCachedStreams) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
