/**
 * Runs `work` over `items` with at most `limit` in flight, keeping the results in input order. Concurrent
 * appends are what the stores commit together (SQLite group commit: one fsync for many appends).
 * The first rejection stops new work and is rethrown once the in-flight calls have settled.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await work(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}

/** Told how far a batch (a run's application, a fund close) has got: `done` of `total` items. */
export type ProgressCallback = (done: number, total: number) => void;
