import type { JsonObject, JsonValue, RecordedEvent } from '@ledger/event-store';
import type { Projection } from '@ledger/projections';
import type { DomainEvent } from '@ledger/fund-ledger/shared/decider';
import { budgetStreamName, type HospitalBudgetEvent, type YearEndSettledData } from '@ledger/fund-ledger/hospital-budget/hospital-budget.events';
import {
  AFTER_YEAR,
  BEFORE_YEAR,
  KEY,
  WE1_POLICY,
  carryIn,
  clawback,
  history,
  monthlyShares,
  on,
  prepay,
  prepaymentDay,
  recover,
  score,
  setQuota,
  settle,
  settleYearEnd,
  settlementDay,
  type Step,
} from '@ledger/fund-ledger/hospital-budget/test/hospital-budget.fixtures';

/**
 * Builders for the read-model specs (no jest here); test support, so outside libs/ and out of dist/. Domain events, as the deciders produce them, become
 * RecordedEvents the way the store would return them: data through JSON, metadata with the command's
 * recordedAt and effectiveDate, consecutive global positions.
 */
export interface Recorder {
  record(events: readonly DomainEvent[], options?: { stream?: string; effectiveDate?: string }): RecordedEvent[];
  readonly all: RecordedEvent[];
}

export function recorder(startPosition = 1n): Recorder {
  let position = startPosition;
  const revisions = new Map<string, bigint>();
  const all: RecordedEvent[] = [];
  return {
    all,
    record(events, options = {}) {
      const out: RecordedEvent[] = [];
      for (const event of events) {
        const data = JSON.parse(JSON.stringify(event.data)) as JsonObject;
        const effectiveDate = options.effectiveDate ?? (typeof data['effectiveDate'] === 'string' ? data['effectiveDate'] : '2024-01-01');
        const stream = options.stream ?? streamOf(data);
        const revision = revisions.get(stream) ?? 0n;
        revisions.set(stream, revision + 1n);
        const recordedAt = `${effectiveDate}T09:00:00.000Z`;
        const recorded: RecordedEvent = {
          id: `evt-${position}`,
          stream,
          revision,
          position,
          type: event.type,
          data,
          metadata: { recordedAt, effectiveDate, prevHash: 'x', hash: 'y' },
          recordedAt: new Date(recordedAt),
        };
        position += 1n;
        out.push(recorded);
        all.push(recorded);
      }
      return out;
    },
  };
}

function streamOf(data: JsonObject): string {
  const { fundId, payeeId, year } = data;
  if (typeof fundId === 'string' && typeof payeeId === 'string' && typeof year === 'number') {
    return budgetStreamName(fundId, payeeId, year);
  }
  return `misc-${typeof fundId === 'string' ? fundId : 'none'}`;
}

/** Folds events into a fresh state, as the runner does. */
export function foldEvents<State>(projection: Projection<State>, events: readonly RecordedEvent[]): State {
  let state = projection.initialState();
  for (const event of events) state = projection.apply(state, event);
  return state;
}

/** toJson → JSON text → fromJson: what a snapshot goes through. */
export function throughSnapshot<State>(projection: Projection<State>, state: State): State {
  return projection.fromJson(JSON.parse(JSON.stringify(projection.toJson(state))) as JsonValue);
}

/** A hand-built money event (contributions, expenses) with its postings and business date. */
export function moneyEvent(type: string, effectiveDate: string, postings: readonly unknown[], extra: JsonObject = {}): DomainEvent {
  return { type, data: { effectiveDate, postings: postings as JsonValue, ...extra } };
}

// ---- hospital-budget scenarios through the real deciders

/** WE-4a: Q 36,000,000, 12 × 3,000,000 prepaid (10% withheld), A 38,000,000, score 92, settled. */
export function we4aYear(payeeId = KEY.payeeId): HospitalBudgetEvent[] {
  const shares = monthlyShares('38000000.00');
  const steps: Step[] = [[{ ...setQuota('36000000.00'), payeeId }, BEFORE_YEAR]];
  for (let m = 1; m <= 12; m++) steps.push([{ ...prepay(m), payeeId }, prepaymentDay(m)]);
  for (let m = 1; m <= 12; m++) steps.push([{ ...settle(m, shares[m - 1]!), payeeId }, settlementDay(m)]);
  steps.push([{ ...score('92'), payeeId }, on('2024-11-25')], [{ ...settleYearEnd(), payeeId }, AFTER_YEAR]);
  return history(steps);
}

/** Six months settled at `perMonth` against Q 36,000,000 (no prepayments): the run rate is perMonth × 12. */
export function halfYear(perMonth: string, payeeId = KEY.payeeId): HospitalBudgetEvent[] {
  const steps: Step[] = [[{ ...setQuota('36000000.00'), payeeId }, BEFORE_YEAR]];
  for (let m = 1; m <= 6; m++) steps.push([{ ...settle(m, perMonth), payeeId }, settlementDay(m)]);
  return history(steps);
}

/** WE-1 case B (文登): Q 4,710,000, A 4,300,000: the 410,000 surplus becomes a 2025 credit; the unspent prepayment a receivable. */
export function we1bYear(): HospitalBudgetEvent[] {
  const shares = monthlyShares('4300000.00');
  const steps: Step[] = [[setQuota('4710000.00'), BEFORE_YEAR]];
  for (let m = 1; m <= 12; m++) steps.push([prepay(m, '392500.00', WE1_POLICY), prepaymentDay(m)]);
  for (let m = 1; m <= 12; m++) steps.push([settle(m, shares[m - 1]!, { policy: WE1_POLICY }), settlementDay(m)]);
  steps.push([score('80'), on('2024-11-25')], [settleYearEnd(WE1_POLICY), AFTER_YEAR]);
  return history(steps);
}

export const YEAR_END_RECEIVABLE_2024 = 'year-end-EMP-H001-2024';

/** 2025 after WE-1 case B: the credit and the receivable carried in, a quota, a late clawback for 2024; then a repayment. */
export function we1bNextYear(year2024: readonly HospitalBudgetEvent[]): { year2025: HospitalBudgetEvent[]; recovery: HospitalBudgetEvent[] } {
  const yearEnd = year2024[year2024.length - 1]!.data as YearEndSettledData;
  const year2025 = history([
    [carryIn({ year: 2025, fromYear: 2024, carryForwardCreditYuan: yearEnd.breakdown.carryForwardCreditYuan, receivables: yearEnd.openReceivables }), on('2025-01-25')],
    [setQuota('4710000.00', { ...KEY, year: 2025 }), on('2025-01-26')],
    [clawback('LATE1', '20000.00', { year: 2025, serviceYear: 2024, serviceYearClosed: true }), on('2025-03-01')],
  ]);
  const recovery = history([[{ ...recover('410000.00', YEAR_END_RECEIVABLE_2024), year: 2025 }, on('2025-03-05')]], year2025).slice(year2025.length);
  return { year2025, recovery };
}
