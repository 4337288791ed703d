import { MAX_PAGE_SIZE, type EventStore, type ExpectedRevision } from '@ledger/event-store';
import { DomainError } from '@ledger/kernel';

/**
 * The most events one fold reads. Streams are short by design (one per hospital, fund and year, closed by
 * the year-end settlement: a few hundred events); a stream past this is a modelling fault, refused
 * clearly instead of folding without end.
 */
export const MAX_EVENTS_PER_LOAD = 200_000;

export interface Evolver<State> {
  initialState(): State;
  evolve(state: State, event: { type: string; data: unknown }): State;
  /**
   * What identifies this fold for the state cache (default: the evolver object itself). Two folds of one
   * stream into different shapes must never share a cached state; adapters that build a fresh evolver
   * per command (decisionFor) pass their stable decider here so the cache still hits.
   */
  readonly cacheIdentity?: object;
}

export interface LoadedStream<State> {
  state: State;
  /** What to pass as `expected` when appending after this read. */
  expected: ExpectedRevision;
  /** -1n when the stream does not exist. */
  revision: bigint;
  /** Global position of the stream's last event; -1n when the stream does not exist. */
  position: bigint;
}

interface CacheEntry {
  revision: bigint;
  position: bigint;
  state: unknown;
}

/**
 * Loads a stream and folds it. Keeps a bounded cache of folded states (states are immutable: evolve
 * returns a new object), so a command reads only the events appended since it last saw the stream.
 * The cache is an optimisation only: it is always caught up from the store before use.
 */
export class StreamLoader {
  /**
   * Keyed by fold identity, then by stream; each fold's cache is bounded on its own (a global count could
   * not see a cache dropped with its identity, and then starved every other fold). Identities are the
   * deciders, a handful; a fund close needs each hospital's payee and budget streams, 2 x 10,000 at most.
   */
  private readonly caches = new WeakMap<object, Map<string, CacheEntry>>();

  constructor(
    private readonly store: EventStore,
    private readonly maxCachedStreamsPerFold = 20_000,
    private readonly maxEventsPerLoad = MAX_EVENTS_PER_LOAD,
  ) {}

  async load<State>(stream: string, evolver: Evolver<State>): Promise<LoadedStream<State>> {
    const cache = this.cacheFor(evolver.cacheIdentity ?? evolver);
    const cached = cache.get(stream);
    let state = cached ? (cached.state as State) : evolver.initialState();
    let revision = cached ? cached.revision : -1n;
    let position = cached ? cached.position : -1n;
    for (let read = 0; ; ) {
      const page = await this.store.readStream(stream, { fromRevision: revision + 1n, limit: MAX_PAGE_SIZE });
      read += page.length;
      if (read > this.maxEventsPerLoad) throw streamTooLong(stream, this.maxEventsPerLoad);
      for (const event of page) {
        state = evolver.evolve(state, { type: event.type, data: event.data });
        revision = event.revision;
        position = event.position;
      }
      if (page.length < MAX_PAGE_SIZE) break;
    }
    if (revision >= 0n) this.remember(cache, stream, { revision, position, state });
    return { state, revision, position, expected: revision < 0n ? 'no_stream' : revision };
  }

  private cacheFor(identity: object): Map<string, CacheEntry> {
    let cache = this.caches.get(identity);
    if (!cache) {
      cache = new Map();
      this.caches.set(identity, cache);
    }
    return cache;
  }

  private remember(cache: Map<string, CacheEntry>, stream: string, entry: CacheEntry): void {
    cache.delete(stream); // re-insert: Map order is the LRU order
    cache.set(stream, entry);
    if (cache.size > this.maxCachedStreamsPerFold) cache.delete(cache.keys().next().value as string);
  }
}

function streamTooLong(stream: string, limit: number): DomainError {
  return new DomainError(
    'unavailable',
    'STREAM_TOO_LONG',
    `stream ${stream} has more than ${limit} events to fold; streams are one period each, so this is a fault to report`,
  );
}
