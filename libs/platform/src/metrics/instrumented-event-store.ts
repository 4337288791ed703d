import {
  DuplicateCommandError,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type EventHandler,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeAllOptions,
  type SubscriptionCallbacks,
} from '@ledger/event-store';
import type { LedgerMetrics } from './ledger-metrics';

/** Times appends and counts store failures; delegates everything else unchanged. */
export class InstrumentedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly metrics: LedgerMetrics,
  ) {}

  get kind() {
    return this.inner.kind;
  }

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision, options?: AppendOptions): Promise<AppendResult> {
    const stop = this.metrics.appendSeconds.startTimer({ store: this.inner.kind });
    try {
      return await this.inner.append(stream, events, expected, options);
    } catch (error) {
      // A lost race is the protocol working, not a store failure.
      if (!(error instanceof WrongExpectedRevisionError) && !(error instanceof DuplicateCommandError)) this.failed('append');
      throw error;
    } finally {
      stop();
    }
  }

  readStream(stream: string, options: ReadStreamOptions) {
    return this.guard('readStream', () => this.inner.readStream(stream, options));
  }

  readAll(options: ReadAllOptions) {
    return this.guard('readAll', () => this.inner.readAll(options));
  }

  subscribeAll(options: SubscribeAllOptions, handler: EventHandler, callbacks: SubscriptionCallbacks = {}) {
    return this.inner.subscribeAll(options, handler, {
      onError: (error) => {
        this.failed('subscribe');
        callbacks.onError?.(error);
      },
    });
  }

  findCommand(commandId: string) {
    return this.guard('findCommand', () => this.inner.findCommand(commandId));
  }

  headPosition() {
    return this.guard('headPosition', () => this.inner.headPosition());
  }

  ping() {
    return this.guard('ping', () => this.inner.ping());
  }

  close() {
    return this.inner.close();
  }

  private async guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.failed(operation);
      throw error;
    }
  }

  private failed(operation: string): void {
    this.metrics.storeErrors.inc({ store: this.inner.kind, operation });
  }
}
