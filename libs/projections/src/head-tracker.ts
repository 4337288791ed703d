import type { EventStore } from '@ledger/event-store';
import { recordedAtOf } from './recorded-at';

/** recordedAt of the newest event is re-read at most this often (and only while some projection lags). */
export const NEWEST_EVENT_MAX_AGE_MS = 1_000;

/**
 * The store's head for the lag figures, shared by every projector of a group. Readiness and /metrics ask
 * each projector for its status on every call: five projectors each asking the store for its head and
 * reading its newest event cost ten store calls per /health. Here concurrent asks share one head lookup
 * (an index lookup, not a read of the log), and the newest event is read only while a projection lags,
 * at most once per head position and NEWEST_EVENT_MAX_AGE_MS; caught up, /health reads no event at all.
 */
export class HeadTracker {
  private pendingHead: Promise<bigint> | undefined;
  private pendingNewest: Promise<string | null> | undefined;
  private newest: { position: bigint; recordedAt: string | null; readAtMs: number } | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly newestMaxAgeMs = NEWEST_EVENT_MAX_AGE_MS,
  ) {}

  /** The store's head position; callers that ask while a lookup is under way share it. */
  head(): Promise<bigint> {
    this.pendingHead ??= this.store.headPosition().finally(() => (this.pendingHead = undefined));
    return this.pendingHead;
  }

  /**
   * recordedAt of the newest event, for a projection that lags behind `head`. A sample up to
   * newestMaxAgeMs old stands in for a newer head: the lag in seconds may read low by that much.
   */
  newestRecordedAt(head: bigint): Promise<string | null> {
    const cached = this.newest;
    if (cached && (cached.position >= head || Date.now() - cached.readAtMs < this.newestMaxAgeMs)) {
      return Promise.resolve(cached.recordedAt);
    }
    this.pendingNewest ??= this.readNewest().finally(() => (this.pendingNewest = undefined));
    return this.pendingNewest;
  }

  private async readNewest(): Promise<string | null> {
    const [event] = await this.store.readAll({ direction: 'backwards', limit: 1 });
    const recordedAt = event ? recordedAtOf(event) : null;
    this.newest = { position: event?.position ?? -1n, recordedAt, readAtMs: Date.now() };
    return recordedAt;
  }
}
