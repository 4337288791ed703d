import { Decimal, max, ZERO } from '@ledger/money';
import { monthsEndedBy, out, outOrNull, outRounded, percent } from './read-model-support';
import { actualOf, quotaOf, type HospitalYearRow } from './hospital-budgets.rows';

export type RunRateWarning = 'none' | 'normal' | 'amber' | 'red';
export const RUN_RATE_WARNING_RANK: Readonly<Record<RunRateWarning, number>> = { none: 0, normal: 1, amber: 2, red: 3 };

/** Projected year-end actual above this multiple of Q: red (beyond the 10% tier the fund shares, §7). */
const RED_RATIO = new Decimal('1.10');

/**
 * Execution against the quota and the run-rate projection, for one business date.
 *
 * - execution = A ÷ Q, with A = approved − in-year clawbacks (what the year-end settles against Q; equal to
 *   approved ÷ Q when nothing was clawed back);
 * - time share = months settled ÷ 12: the approved figures cover exactly the settled months (a month is
 *   settled around the 10th of the next), so comparing A with the calendar would always look "behind".
 *   Deterministic: it depends on the log only;
 * - run rate: projected A at year end = A ÷ months settled × 12; projected overrun/surplus against Q;
 * - warning (of the run rate): red when the projected A exceeds 110% of Q (beyond the shared tier, the
 *   hospital bears it all), amber when it exceeds Q, normal otherwise, none without a quota or a settled
 *   month. §7's "YTD execution ahead of the time share by 10 pp" is implied: A/Q − t > 0.10 ⇒ A/(tQ) > 1.10.
 *   A settled year uses its actual A (time share 100%).
 * - the business date gives the calendar: months of the year ended by then, months not yet settled, and
 *   the quota left per remaining month.
 */
export interface ExecutionFigures {
  readonly businessDate: string;
  readonly basis: 'no_quota' | 'settled_months' | 'year_end';
  readonly quotaYuan: string | null;
  readonly actualYuan: string;
  /** Q − A (negative once the quota is exceeded), null without a quota. */
  readonly remainingQuotaYuan: string | null;
  readonly executionPercent: string | null;
  readonly monthsSettled: number;
  readonly timeSharePercent: string;
  /** execution − time share, in percentage points. */
  readonly gapPercentagePoints: string | null;
  readonly projectedActualYuan: string | null;
  readonly projectedOverrunYuan: string | null;
  readonly projectedSurplusYuan: string | null;
  readonly warning: RunRateWarning;
  readonly calendar: {
    readonly monthsEnded: number;
    readonly monthsEndedNotSettled: number;
    readonly remainingMonths: number;
    readonly remainingQuotaPerMonthYuan: string | null;
  };
}

export interface ExecutionNumbers {
  readonly figures: ExecutionFigures;
  /** For sorting: A ÷ Q and projected A − Q (null when unknown). */
  readonly execution: Decimal | null;
  readonly projectedOverrun: Decimal | null;
}

export function executionNumbers(row: HospitalYearRow, businessDate: string): ExecutionNumbers {
  const quota = row.yearEnd?.quota ?? quotaOf(row);
  const actual = row.yearEnd?.actual ?? actualOf(row);
  const settled = row.yearEnd !== null ? 12 : row.monthsSettled.length;
  const basis: ExecutionFigures['basis'] = quota === null ? 'no_quota' : row.yearEnd !== null ? 'year_end' : 'settled_months';
  const timeShare = new Decimal(settled).div(12);
  const execution = quota !== null && quota.gt(0) ? actual.div(quota) : null;
  const projected = settled === 0 ? null : row.yearEnd !== null ? actual : actual.div(settled).times(12);
  const projectedOverrun = projected === null || quota === null ? null : projected.minus(quota);
  let warning: RunRateWarning = 'none';
  if (projected !== null && quota !== null && quota.gt(0)) {
    warning = projected.gt(quota.times(RED_RATIO)) ? 'red' : projected.gt(quota) ? 'amber' : 'normal';
  }
  const monthsEnded = row.yearEnd !== null ? 12 : monthsEndedBy(row.year, businessDate);
  const remainingMonths = 12 - monthsEnded;
  const remaining = quota === null ? null : quota.minus(actual);
  return {
    execution,
    projectedOverrun,
    figures: {
      businessDate,
      basis,
      quotaYuan: outOrNull(quota),
      actualYuan: out(actual),
      remainingQuotaYuan: outOrNull(remaining),
      executionPercent: execution === null ? null : percent(actual, quota),
      monthsSettled: settled,
      timeSharePercent: timeShare.times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
      gapPercentagePoints:
        execution === null ? null : execution.minus(timeShare).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
      projectedActualYuan: projected === null ? null : outRounded(projected),
      projectedOverrunYuan: projectedOverrun === null ? null : outRounded(max(ZERO, projectedOverrun)),
      projectedSurplusYuan: projectedOverrun === null ? null : outRounded(max(ZERO, projectedOverrun.negated())),
      warning,
      calendar: {
        monthsEnded,
        monthsEndedNotSettled: Math.max(0, monthsEnded - settled),
        remainingMonths,
        remainingQuotaPerMonthYuan: remaining === null || remainingMonths === 0 ? null : outRounded(remaining.div(remainingMonths)),
      },
    },
  };
}

export function executionFigures(row: HospitalYearRow, businessDate: string): ExecutionFigures {
  return executionNumbers(row, businessDate).figures;
}
