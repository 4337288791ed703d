import type { RecordedEvent } from '@ledger/event-store';

/** The domain instant of an event (metadata.recordedAt from the injected clock), else the store's. */
export function recordedAtOf(event: RecordedEvent): string {
  const value = event.metadata['recordedAt'];
  return typeof value === 'string' ? value : event.recordedAt.toISOString();
}
