import { BusyError } from '@ledger/kernel';

interface Waiter {
  readonly position: bigint;
  readonly projection: string | undefined;
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Read-your-writes waits: "resolve when the read models include position P". Bounded: past maxWaiters a
 * new wait is refused with BusyError (503 + Retry-After) instead of queueing without limit.
 */
export class Waiters {
  private readonly waiting = new Set<Waiter>();

  constructor(
    private readonly maxWaiters: number,
    private readonly maxWaitMs: number,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  /** reachedBy(projection) is the position the named projection (undefined: all of them) has reached. */
  wait(position: bigint, timeoutMs: number, projection: string | undefined, reached: bigint): Promise<boolean> {
    if (reached >= position) return Promise.resolve(true);
    if (this.waiting.size >= this.maxWaiters) throw new BusyError('read-model waiters', this.maxWaiters);
    const waitMs = Math.max(0, Math.min(timeoutMs, this.maxWaitMs));
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        position,
        projection,
        resolve,
        timer: setTimeout(() => this.settle(waiter, false), waitMs),
      };
      this.waiting.add(waiter);
    });
  }

  /** Called whenever checkpoints move: O(waiters), and waiters are bounded. */
  release(reachedBy: (projection: string | undefined) => bigint): void {
    for (const waiter of this.waiting) {
      if (reachedBy(waiter.projection) >= waiter.position) this.settle(waiter, true);
    }
  }

  /** Everyone still waiting hears "not reached" (the engine stops). */
  releaseAll(): void {
    for (const waiter of this.waiting) this.settle(waiter, false);
  }

  private settle(waiter: Waiter, reached: boolean): void {
    if (!this.waiting.delete(waiter)) return;
    clearTimeout(waiter.timer);
    waiter.resolve(reached);
  }
}
