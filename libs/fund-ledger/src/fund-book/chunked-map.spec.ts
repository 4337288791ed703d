import { CHUNK_SIZE, chunkedDelete, chunkedGet, chunkedHas, chunkedSet, chunkedValues, emptyChunkedMap } from './chunked-map';

describe('ChunkedMap (the fund book fold over a long stream)', () => {
  it('keeps every key across chunks, newest write wins, deletes are tombstones, old versions unchanged', () => {
    let map = emptyChunkedMap<number>();
    const count = CHUNK_SIZE * 3 + 7;
    for (let i = 0; i < count; i += 1) map = chunkedSet(map, `k${i}`, i);
    expect(map.frozen).toHaveLength(3);
    expect(map.recent.size).toBe(7);
    const before = map;
    map = chunkedSet(map, 'k5', 500);
    map = chunkedDelete(map, 'k6');
    expect([chunkedGet(map, 'k5'), chunkedHas(map, 'k6'), chunkedGet(map, `k${count - 1}`)]).toEqual([500, false, count - 1]);
    expect([chunkedGet(before, 'k5'), chunkedHas(before, 'k6')]).toEqual([5, true]);
    expect(chunkedValues(map)).toHaveLength(count - 1);
    expect(chunkedGet(map, '__proto__')).toBeUndefined();
  });

  it('copies at most one chunk per write (a 20,000-payment fold stays linear)', () => {
    let map = emptyChunkedMap<true>();
    for (let i = 0; i < 20_000; i += 1) {
      map = chunkedSet(map, `p${i}`, true);
      expect(map.recent.size).toBeLessThanOrEqual(CHUNK_SIZE);
    }
    expect(chunkedHas(map, 'p0') && chunkedHas(map, 'p19999')).toBe(true);
  });
});
