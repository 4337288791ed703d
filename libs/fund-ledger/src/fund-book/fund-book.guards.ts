import { invariant } from '../shared/decider';
import { DomainError, ErrorCodes } from '../shared/domain-error';
import { assertBalanced, Posting } from '../shared/journal';
import { formatDate, toCalendarDate } from '../registry/calendar';
import { FundKind } from '../registry/registry.events';
import { assertNoCrossFinancing } from '../journal/cross-financing';
import { FundBookErrorCodes, refuse } from './fund-book.errors';
import { FundBookState } from './fund-book.state';
import { chunkedHas } from './chunked-map';

/** The handler loaded fundbook-{fundId}; a command for another fund is its bug. */
export function assertStreamOf(state: FundBookState, fundId: string): void {
  invariant(
    state.fundId === null || state.fundId === fundId,
    `fund book command for ${fundId} decided on the stream of ${String(state.fundId)}`,
  );
}

/**
 * A money event dated on or before the opening balance's as-of date is already inside that balance:
 * booking it would count it twice. 422 BEFORE_OPENING_BALANCE.
 */
export function assertAfterOpening(state: FundBookState, effectiveDate: string): void {
  if (state.openingAsOf === null || effectiveDate > state.openingAsOf) return;
  throw refuse(
    FundBookErrorCodes.BEFORE_OPENING_BALANCE,
    `the fund book was opened with balances as at ${state.openingAsOf}; a posting effective ${effectiveDate} is already in them`,
    'effectiveDate',
  );
}

/** The fund close closed the fund-year of the effective date: 422 PERIOD_CLOSED (checked in the command, not only in reports). */
export function assertYearOpen(yearClosed: boolean, fundId: string, effectiveDate: string): void {
  if (!yearClosed) return;
  throw new DomainError(
    'business_rule',
    ErrorCodes.PERIOD_CLOSED,
    `fund-year ${effectiveDate.slice(0, 4)} of ${fundId} is closed; a posting effective ${effectiveDate} would change it`,
    'effectiveDate',
  );
}

/** A payment or settlement id is booked once per fund: a second booking would pay twice. 409. */
export function assertNewId(state: FundBookState, id: string, field: string): void {
  if (!chunkedHas(state.ids, id)) return;
  throw new DomainError(
    'conflict',
    FundBookErrorCodes.PAYMENT_ALREADY_RECORDED,
    `${id} is already booked in this fund book`,
    field,
  );
}

/**
 * Every fund book event posts in its own fund only, balanced (assertBalanced), and never across the
 * pooled fund and the personal accounts (R-ACC-1). All three are invariants: a violation is a bug here.
 */
export function assertOwnFund(eventType: string, postings: readonly Posting[], fundId: string, kind: FundKind): void {
  invariant(postings.length > 0, `${eventType} posts nothing`);
  const stray = postings.find((p) => p.fundId !== fundId);
  invariant(stray === undefined, `${eventType} of fund ${fundId} posts to ${stray?.account} of another fund`);
  assertBalanced(postings);
  assertNoCrossFinancing(eventType, postings, new Map([[fundId, kind]]));
}

/** `date` plus `days` calendar days (pure day arithmetic: a business date has no time zone). */
export function addDays(date: string, days: number): string {
  const parsed = toCalendarDate(date);
  invariant(parsed !== undefined && Number.isInteger(days), `addDays(${date}, ${days})`);
  const serial = dayNumber(parsed.year, parsed.month, parsed.day) + days;
  return formatDate(fromDayNumber(serial));
}

/** Days since 0000-03-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe;
}

function fromDayNumber(serial: number): { year: number; month: number; day: number } {
  const era = Math.floor(serial / 146097);
  const doe = serial - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
