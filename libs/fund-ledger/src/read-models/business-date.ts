import { Inject, Injectable } from '@nestjs/common';
import { businessDate, Clock, LEDGER_CONFIG, type LedgerConfig } from '@ledger/platform';

/**
 * The business date (YYYY-MM-DD, in the fund's time zone) that a read's time-dependent figures are
 * computed for:
 * - as of a time: that instant's date (a bare date asOf means the end of that day);
 * - as of a position: the date of the last event folded (metadata.recordedAt), so the same position always
 *   gives the same figures; today when nothing was folded;
 * - live: today, from the injected clock.
 */
export function businessDateFor(answer: { asOf: string }, lastRecordedAt: string | null, now: Date, timeZone: string): string {
  if (answer.asOf === 'live') return businessDate(now, timeZone);
  if (/^\d+$/.test(answer.asOf)) return businessDate(lastRecordedAt === null ? now : new Date(lastRecordedAt), timeZone);
  return businessDate(new Date(answer.asOf), timeZone);
}

@Injectable()
export class BusinessDates {
  constructor(
    private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  of(answer: { asOf: string }, lastRecordedAt: string | null): string {
    return businessDateFor(answer, lastRecordedAt, this.clock.now(), this.config.timeZone);
  }

  /** Today in the fund's time zone. */
  today(): string {
    return businessDate(this.clock.now(), this.config.timeZone);
  }
}
