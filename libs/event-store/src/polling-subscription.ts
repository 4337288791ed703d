import type {
  EventHandler,
  EventStore,
  RecordedEvent,
  SubscribeAllOptions,
  Subscription,
  SubscriptionCallbacks,
} from './event-store.port';
import { MAX_PAGE_SIZE } from './event-store.port';

/**
 * Wakes waiting subscribers when an append commits. Adapters call notify() after their commit;
 * PostgreSQL also calls it on LISTEN/NOTIFY from other processes. A timeout bounds every wait, so a
 * missed signal only costs latency, never an event.
 */
export class AppendSignal {
  private waiters = new Set<() => void>();

  notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      this.waiters.add(wake);
    });
  }
}

export const DEFAULT_SUBSCRIPTION_BATCH = 500;
export const DEFAULT_POLL_INTERVAL_MS = 250;

/**
 * Catch-up subscription over readAll: pages forward from the checkpoint, then waits for the append
 * signal (or the poll interval) and pages again. Delivery is strictly sequential, so the position the
 * handler last returned from is always a safe checkpoint.
 */
export class PollingSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  private markCaughtUp!: () => void;
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly store: Pick<EventStore, 'readAll'>,
    private readonly options: SubscribeAllOptions,
    private readonly handler: EventHandler,
    private readonly callbacks: SubscriptionCallbacks,
    private readonly signal: AppendSignal,
    private readonly pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
  ) {
    this.caughtUp = new Promise((resolve) => (this.markCaughtUp = resolve));
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.signal.notify();
    await this.loop;
  }

  private async run(): Promise<void> {
    const limit = Math.min(this.options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH, MAX_PAGE_SIZE);
    let after = this.options.after;
    try {
      while (!this.stopped) {
        const page: RecordedEvent[] = await this.store.readAll({ after, limit, filter: this.options.filter });
        for (const event of page) {
          if (this.stopped) return;
          await this.handler(event);
          after = event.position;
        }
        if (page.length < limit) {
          this.markCaughtUp();
          if (!this.stopped) await this.signal.wait(this.pollIntervalMs);
        }
      }
    } catch (error) {
      this.stopped = true;
      this.markCaughtUp();
      this.callbacks.onError?.(error);
    }
  }
}
