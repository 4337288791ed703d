import type { AllStreamSubscription, KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { EventHandler, SubscribeAllOptions, Subscription, SubscriptionCallbacks } from '../event-store.port';
import { EventStoreUnavailableError } from '../errors';
import {
  backoffDelayMs,
  describeError,
  describeRecord,
  isAfterCheckpoint,
  isRetryableSubscriptionError,
  mapStoreError,
  matchesFilter,
  serverFilterFor,
  startAfter,
  toRecordedEvent,
  type RetryPolicy,
} from './mapping';

/** A handler failure: stops the subscription, never retried (the caller resubscribes from its checkpoint). */
class HandlerFailure extends Error {
  constructor(readonly original: unknown) {
    super('subscription handler failed');
  }
}

const UNSUBSCRIBE_GRACE_MS = 2_000;

/**
 * subscribeToAll in a resubscribe loop. The client does not restart a dropped catch-up subscription, so the
 * loop does: from the position of the last event actually handled, after a bounded exponential back-off,
 * giving up (onError) after maxAttempts consecutive failures. Server checkpoints are never used as a resume
 * point (KurrentDB#3697, #4970): the loop's own checkpoint only moves past events it handled or filtered out.
 */
export class KurrentDbSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  private markCaughtUp!: () => void;
  private stopped = false;
  private current: AllStreamSubscription | undefined;
  private wake: (() => void) | undefined;
  private readonly loop: Promise<void>;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly options: SubscribeAllOptions,
    private readonly handler: EventHandler,
    private readonly callbacks: SubscriptionCallbacks,
    private readonly retry: RetryPolicy,
    private readonly onFinished: (subscription: KurrentDbSubscription) => void,
  ) {
    this.caughtUp = new Promise((resolve) => (this.markCaughtUp = resolve));
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const current = this.current;
    if (current) await cancel(current);
    await this.loop;
  }

  private async run(): Promise<void> {
    // `options.batchSize` has no equivalent: the server pushes, and the client's stream buffer (16 events,
    // objectMode highWaterMark) applies back-pressure while the handler is busy.
    let checkpoint = this.options.after !== undefined && this.options.after >= 0n ? this.options.after : undefined;
    const filter = serverFilterFor(this.options.filter);
    let failures = 0;
    try {
      while (!this.stopped) {
        const subscription = this.client.subscribeToAll({ fromPosition: startAfter(checkpoint), filter });
        this.current = subscription;
        // The iterator below reports errors; this listener only keeps an 'error' emitted after the loop has
        // left the iterator (e.g. while cancelling) from becoming an uncaught exception.
        subscription.on('error', () => undefined);
        subscription.on('caughtUp', () => {
          failures = 0;
          this.markCaughtUp();
        });
        let dropped: unknown;
        try {
          for await (const resolved of subscription) {
            if (this.stopped) break;
            failures = 0;
            const record = describeRecord(resolved);
            if (!record || !isAfterCheckpoint(record.position, checkpoint)) continue;
            if (!resolved.event || !matchesFilter(this.options.filter, record.stream, record.type)) {
              checkpoint = record.position; // nothing to hand over, but no reason to read it again after a drop
              continue;
            }
            const event = toRecordedEvent(resolved);
            if (!event) continue;
            try {
              await this.handler(event);
            } catch (error) {
              throw new HandlerFailure(error);
            }
            checkpoint = record.position;
          }
          if (!this.stopped) dropped = new EventStoreUnavailableError('KurrentDB ended the subscription');
        } catch (error) {
          dropped = error;
        } finally {
          await cancel(subscription);
          if (this.current === subscription) this.current = undefined;
        }
        if (this.stopped) return;
        if (dropped instanceof HandlerFailure || !isRetryableSubscriptionError(dropped)) throw dropped;
        failures += 1;
        if (failures > this.retry.maxAttempts) {
          throw new EventStoreUnavailableError(
            `KurrentDB subscription dropped ${failures} times in a row; last error: ${describeError(dropped)}`,
            { cause: dropped },
          );
        }
        await this.sleep(backoffDelayMs(failures, this.retry));
      }
    } catch (error) {
      if (!this.stopped) {
        this.stopped = true;
        this.callbacks.onError?.(
          error instanceof HandlerFailure ? error.original : mapStoreError(error, 'subscription'),
        );
      }
    } finally {
      this.markCaughtUp(); // nobody awaiting caughtUp waits forever on a dead subscription
      this.onFinished(this);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

/**
 * Cancels the gRPC call and ends the stream. unsubscribe() waits for the call to exist, which can take as long
 * as the client's connection attempt, so it gets a grace period; destroy() then ends the iterator regardless.
 */
async function cancel(subscription: AllStreamSubscription): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      subscription.unsubscribe().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, UNSUBSCRIBE_GRACE_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    subscription.destroy();
  }
}
