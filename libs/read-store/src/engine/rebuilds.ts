import type { ReadStore, TableRef } from '../read-store.port';

interface PendingRebuild {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Runs async work one at a time, in call order (a failed piece of work does not stop the queue). */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * The callers waiting for a rebuild, one promise per projection, and the old generations still to drop.
 * A rebuild resolves only once its old generation's tables are gone.
 */
export class Rebuilds {
  private readonly pending = new Map<string, PendingRebuild>();
  /** Swapped-out generations whose tables are not dropped yet (at most one per projection per rebuild). */
  private readonly retired: Array<{ readonly name: string; readonly refs: readonly TableRef[] }> = [];

  /** The promise of the projection's rebuild under way (made if there is none). */
  promiseOf(name: string): Promise<void> {
    const existing = this.pending.get(name);
    if (existing) return existing.promise;
    let resolve: () => void = () => undefined;
    let reject: (error: unknown) => void = () => undefined;
    const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    promise.catch(() => undefined); // a rebuild nobody awaits must not become an unhandled rejection
    this.pending.set(name, { promise, resolve, reject });
    return promise;
  }

  /** Swapped and dropped (no error), or given up (this instance lost the lease, the rebuild failed to start). */
  settle(name: string, error?: unknown): void {
    const pending = this.pending.get(name);
    if (!pending) return;
    this.pending.delete(name);
    if (error === undefined) pending.resolve();
    else pending.reject(error);
  }

  settleAll(error: unknown): void {
    for (const name of [...this.pending.keys()]) this.settle(name, error);
  }

  /** An old generation was swapped out: its tables are to be dropped before the rebuild resolves. */
  retire(name: string, refs: readonly TableRef[]): void {
    this.retired.push({ name, refs });
  }

  /** Drops the retired generations in order; the first failure is thrown and it and the rest stay queued. */
  async dropRetired(store: ReadStore): Promise<void> {
    while (this.retired.length > 0) {
      const next = this.retired[0]!;
      await store.dropTables(next.refs);
      this.retired.shift();
      if (!this.retired.some((r) => r.name === next.name)) this.settle(next.name);
    }
  }
}
