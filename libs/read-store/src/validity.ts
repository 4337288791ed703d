import type { RecordedEvent } from '@ledger/event-store';
import type { Checkpoint, Validity } from './read-store.port';

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** The domain instant of an event (metadata.recordedAt from the injected clock), else the store's, as ISO text. */
export function recordedAtOf(event: RecordedEvent): string {
  const value = event.metadata['recordedAt'];
  if (typeof value === 'string') {
    const instant = new Date(value);
    if (!Number.isNaN(instant.getTime())) return instant.toISOString();
  }
  return event.recordedAt.toISOString();
}

/** The business date of an event: data.effectiveDate, else metadata.effectiveDate, else the store's date (as the journal does). */
export function effectiveDateOf(event: RecordedEvent): string {
  for (const value of [event.data['effectiveDate'], event.metadata['effectiveDate']]) {
    if (typeof value === 'string' && DATE.test(value)) return value;
  }
  return event.recordedAt.toISOString().slice(0, 10);
}

const later = (a: string, b: string): string => (a >= b ? a : b);

/**
 * The stamps of an event's versions: its position, and the running maxima of recorded time and business
 * date along the log up to it. Monotone stamps make "as of T" pick one log prefix for every key (a raw
 * clock that steps back would mix prefixes across keys, and a trial balance as of T would not balance).
 */
export function stamp(mark: Pick<Checkpoint, 'recordedAtMark' | 'effectiveDateMark'>, event: RecordedEvent): Validity {
  return {
    position: event.position,
    recordedAt: later(mark.recordedAtMark, recordedAtOf(event)),
    effectiveDate: later(mark.effectiveDateMark, effectiveDateOf(event)),
  };
}
