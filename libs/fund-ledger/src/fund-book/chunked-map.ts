/**
 * An immutable map for long-lived streams. The fund book is one stream per fund for years, so copying
 * a whole Map or Set on every event (as the one-month streams do) would make a fold O(n²). This keeps
 * the newest entries in a small Map that is copied on write (at most CHUNK_SIZE entries) and freezes it
 * into a chunk when full: a write costs O(CHUNK_SIZE), a read O(chunks). Deletions are tombstones.
 */
export const CHUNK_SIZE = 256;

export interface ChunkedMap<V> {
  /** Older entries, newest chunk last; never changed once frozen. */
  readonly frozen: ReadonlyArray<ReadonlyMap<string, V | null>>;
  readonly recent: ReadonlyMap<string, V | null>;
}

export const emptyChunkedMap = <V>(): ChunkedMap<V> => ({ frozen: [], recent: new Map() });

export function chunkedGet<V>(map: ChunkedMap<V>, key: string): V | undefined {
  const recent = map.recent.get(key);
  if (recent !== undefined) return recent ?? undefined;
  for (let i = map.frozen.length - 1; i >= 0; i -= 1) {
    const value = map.frozen[i]!.get(key);
    if (value !== undefined) return value ?? undefined;
  }
  return undefined;
}

export const chunkedHas = <V>(map: ChunkedMap<V>, key: string): boolean => chunkedGet(map, key) !== undefined;

export function chunkedSet<V>(map: ChunkedMap<V>, key: string, value: V): ChunkedMap<V> {
  return write(map, key, value);
}

export function chunkedDelete<V>(map: ChunkedMap<V>, key: string): ChunkedMap<V> {
  return write(map, key, null);
}

function write<V>(map: ChunkedMap<V>, key: string, value: V | null): ChunkedMap<V> {
  if (map.recent.size < CHUNK_SIZE || map.recent.has(key)) {
    return { frozen: map.frozen, recent: new Map(map.recent).set(key, value) };
  }
  return { frozen: [...map.frozen, map.recent], recent: new Map([[key, value]]) };
}

/** The live entries (newest write wins, tombstones dropped), in no particular order. */
export function chunkedValues<V>(map: ChunkedMap<V>): V[] {
  const seen = new Map<string, V | null>();
  for (const chunk of [map.recent, ...[...map.frozen].reverse()]) {
    for (const [key, value] of chunk) if (!seen.has(key)) seen.set(key, value);
  }
  return [...seen.values()].filter((value): value is V => value !== null);
}
