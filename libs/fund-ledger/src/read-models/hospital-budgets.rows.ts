import { Decimal, ZERO } from '@ledger/money';
import type {
  AdjustmentDirection,
  QuotaAdjustmentReason,
  QuotaMethod,
  ReceivableKind,
  YearEndBreakdownData,
} from '../hospital-budget/hospital-budget.events';
import type { RetentionMode } from '../shared/budget-policy';

/**
 * hospital-budgets: one row per hospital-year (fundId, payeeId, year) of the global budget, folded from the
 * budget-{fundId}.{payeeId}.{year} streams. Everything the log says is in the row; the figures that depend
 * on the date (remaining months, run-rate projection, warning) are computed at query time by
 * hospitalYearView(row, businessDate), never in apply().
 *
 * Attribution rules:
 * - a late clawback (ClawbackAssessed.late, in a later year's stream) counts on its service year's row as
 *   "post-close"; the row of the stream it was assessed in shows it as prior-year recoveries;
 * - receivables are tracked by id and the year whose stream holds them (BalanceCarriedIn moves them to the
 *   next year's stream without double counting); each counts on its service year's row;
 * - fines are kept apart (treasury memorandum), never with the fund's penalties.
 */
export const RECEIVABLE_KINDS: readonly ReceivableKind[] = ['clawback', 'liquidated_damages', 'year_end_settlement'];

export interface AdjustmentLine {
  readonly reason: QuotaAdjustmentReason;
  readonly direction: AdjustmentDirection;
  /** Signed. */
  readonly delta: Decimal;
  readonly effectiveDate: string;
  readonly fromYear: number | null;
  readonly note: string;
}

/** The YearEndSettled breakdown amounts a row keeps (all yuan). */
export const YEAR_END_AMOUNTS = [
  'overrunYuan',
  'fundOverrunShareYuan',
  'hospitalOverrunShareYuan',
  'surplusYuan',
  'retainedYuan',
  'notRetainedYuan',
  'retainedPaidYuan',
  'carryForwardCreditYuan',
  'entitlementYuan',
  'depositReturnedYuan',
  'depositForfeitedYuan',
  'adjustmentYuan',
  'finalYuan',
  'paymentYuan',
  'receivableYuan',
  'hospitalAbsorbsYuan',
  'hospitalNetYuan',
  'fundNetCostYuan',
] as const satisfies ReadonlyArray<keyof YearEndBreakdownData>;
export type YearEndAmount = (typeof YEAR_END_AMOUNTS)[number];

export interface YearEndResult {
  readonly effectiveDate: string;
  readonly policyVersion: string;
  readonly retentionMode: RetentionMode;
  readonly quota: Decimal;
  readonly actual: Decimal;
  readonly amounts: Readonly<Record<YearEndAmount, Decimal>>;
}

/** Mutable on purpose: the projection runner owns the state and apply() updates rows in place. */
export interface HospitalYearRow {
  readonly fundId: string;
  readonly payeeId: string;
  readonly year: number;
  quotaInitial: Decimal | null;
  quotaMethod: QuotaMethod | null;
  quotaSetOn: string | null;
  adjustments: AdjustmentLine[];
  /** Σ adjustments except carry_in (signed). */
  adjustmentsTotal: Decimal;
  /** Σ credits from earlier years (BalanceCarriedIn + QuotaAdjusted carry_in). */
  carriedIn: Decimal;
  carriedInFromYears: number[];
  monthsPrepaid: number[];
  monthsSettled: number[];
  prepaidGross: Decimal;
  prepaidNet: Decimal;
  /** Σ deposit withheld from the prepayments (W before year end). */
  withheld: Decimal;
  claimed: Decimal;
  refused: Decimal;
  refusedByRule: Map<string, Decimal>;
  /** This fund's approved part (co-funded parts excluded). */
  approved: Decimal;
  /** Paid directly by a co-fund, outside this budget. */
  coFunded: Decimal;
  settlementPayable: Decimal;
  settlementNet: Decimal;
  receivableOffsets: Decimal;
  /** Owed to the hospital, held back by the cash cap; cleared at year end. */
  deferredPayable: Decimal;
  clawbacksInYear: Decimal;
  /** Late clawbacks concerning this (closed) year, assessed in later years' streams. */
  clawbacksPostClose: Decimal;
  /** Late clawbacks assessed in this year's stream for earlier years (income: prior-year recoveries). */
  priorYearRecoveries: Decimal;
  liquidatedDamages: Decimal;
  /** 罚款: the treasury's, never the fund's. */
  finesToTreasury: Decimal;
  /** Repayments of receivables made in this year's stream. */
  recovered: Decimal;
  /** Outstanding receivables whose service year is this row's, wherever they are held now. */
  openReceivables: Map<string, Decimal>;
  score: Decimal | null;
  yearEnd: YearEndResult | null;
  lastEffectiveDate: string | null;
}

export interface ReceivableRecord {
  readonly receivableId: string;
  readonly fundId: string;
  readonly payeeId: string;
  /** The year whose stream holds it now (BalanceCarriedIn moves it forward). */
  holderYear: number;
  readonly serviceYear: number;
  readonly kind: ReceivableKind;
  readonly openedOn: string;
  outstanding: Decimal;
}

export interface HospitalBudgetsState {
  /** Keyed `${fundId}|${payeeId}|${year}` (ids never contain "|"). */
  readonly rows: Map<string, HospitalYearRow>;
  /** Keyed `${fundId}|${payeeId}|${holderYear}|${receivableId}`. */
  readonly receivables: Map<string, ReceivableRecord>;
  /** metadata.recordedAt of the last event folded: the business date of an as-of-position read. */
  lastRecordedAt: string | null;
}

export const rowKey = (fundId: string, payeeId: string, year: number): string => `${fundId}|${payeeId}|${year}`;
export const receivableKey = (fundId: string, payeeId: string, holderYear: number, id: string): string =>
  `${fundId}|${payeeId}|${holderYear}|${id}`;

export function emptyRow(fundId: string, payeeId: string, year: number): HospitalYearRow {
  return {
    fundId,
    payeeId,
    year,
    quotaInitial: null,
    quotaMethod: null,
    quotaSetOn: null,
    adjustments: [],
    adjustmentsTotal: ZERO,
    carriedIn: ZERO,
    carriedInFromYears: [],
    monthsPrepaid: [],
    monthsSettled: [],
    prepaidGross: ZERO,
    prepaidNet: ZERO,
    withheld: ZERO,
    claimed: ZERO,
    refused: ZERO,
    refusedByRule: new Map(),
    approved: ZERO,
    coFunded: ZERO,
    settlementPayable: ZERO,
    settlementNet: ZERO,
    receivableOffsets: ZERO,
    deferredPayable: ZERO,
    clawbacksInYear: ZERO,
    clawbacksPostClose: ZERO,
    priorYearRecoveries: ZERO,
    liquidatedDamages: ZERO,
    finesToTreasury: ZERO,
    recovered: ZERO,
    openReceivables: new Map(),
    score: null,
    yearEnd: null,
    lastEffectiveDate: null,
  };
}

/** The current quota Q = initial + adjustments + carried-in credits, or null before QuotaSet. */
export function quotaOf(row: HospitalYearRow): Decimal | null {
  return row.quotaInitial === null ? null : row.quotaInitial.plus(row.adjustmentsTotal).plus(row.carriedIn);
}

/** A = approved − in-year clawbacks: what the year-end settlement measures against Q. */
export function actualOf(row: HospitalYearRow): Decimal {
  return row.approved.minus(row.clawbacksInYear);
}

/** Cash to the hospital: prepayments net of the deposit + settlement cash + the year-end payment. */
export function netPaidOf(row: HospitalYearRow): Decimal {
  const yearEndPayment = row.yearEnd?.amounts.paymentYuan ?? ZERO;
  return row.prepaidNet.plus(row.settlementNet).plus(yearEndPayment);
}

export function openReceivablesOf(row: HospitalYearRow): Decimal {
  let total = ZERO;
  for (const value of row.openReceivables.values()) total = total.plus(value);
  return total;
}
/** The row of a hospital-year, created empty on first use (apply() updates it in place). */
export function rowOf(state: HospitalBudgetsState, fundId: string, payeeId: string, year: number): HospitalYearRow {
  const key = rowKey(fundId, payeeId, year);
  let row = state.rows.get(key);
  if (row === undefined) {
    row = emptyRow(fundId, payeeId, year);
    state.rows.set(key, row);
  }
  return row;
}

export function describeRow(row: { fundId: string; payeeId: string; year: number }): string {
  return `${row.fundId}/${row.payeeId}/${row.year}`;
}
