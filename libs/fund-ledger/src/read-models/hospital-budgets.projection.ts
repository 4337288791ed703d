import type { JsonValue, RecordedEvent } from '@ledger/event-store';
import type { Projection } from '@ledger/projections';
import { Decimal, max, ZERO } from '@ledger/money';
import { invariant } from '../shared/decider';
import type {
  AdjustmentDirection,
  AssessmentScoredData,
  BalanceCarriedInData,
  ClawbackAssessedData,
  FineImposedData,
  LiquidatedDamagesAssessedData,
  MonthlySettlementPostedData,
  PrepaymentDisbursedData,
  QuotaAdjustedData,
  QuotaAdjustmentReason,
  QuotaMethod,
  QuotaSetData,
  ReceivableKind,
  ReceivableRecoveredData,
  YearEndBreakdownData,
  YearEndSettledData,
} from '../hospital-budget/hospital-budget.events';
import type { RetentionMode } from '../shared/budget-policy';
import {
  addInto,
  amount,
  compareText,
  dataOf,
  decimalMapFromJson,
  decimalMapToJson,
  monthsEndedBy,
  out,
  outOrNull,
  outRounded,
  percent,
  recordedAtOf,
} from './read-model-support';

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
const receivableKey = (fundId: string, payeeId: string, holderYear: number, id: string): string =>
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

const BUDGET_EVENT_TYPES = new Set([
  'QuotaSet',
  'QuotaAdjusted',
  'PrepaymentDisbursed',
  'MonthlySettlementPosted',
  'ClawbackAssessed',
  'ReceivableRecovered',
  'LiquidatedDamagesAssessed',
  'FineImposed',
  'AssessmentScored',
  'YearEndSettled',
  'BalanceCarriedIn',
]);

function rowOf(state: HospitalBudgetsState, fundId: string, payeeId: string, year: number): HospitalYearRow {
  const key = rowKey(fundId, payeeId, year);
  let row = state.rows.get(key);
  if (row === undefined) {
    row = emptyRow(fundId, payeeId, year);
    state.rows.set(key, row);
  }
  return row;
}

interface KeyedData {
  readonly fundId: string;
  readonly payeeId: string;
  readonly year: number;
  readonly effectiveDate: string;
}

export function applyHospitalBudgetEvent(state: HospitalBudgetsState, event: RecordedEvent): HospitalBudgetsState {
  state.lastRecordedAt = recordedAtOf(event);
  if (!BUDGET_EVENT_TYPES.has(event.type)) return state;
  const head = dataOf<KeyedData>(event);
  const row = rowOf(state, head.fundId, head.payeeId, head.year);
  row.lastEffectiveDate = head.effectiveDate;
  switch (event.type) {
    case 'QuotaSet': {
      const data = dataOf<QuotaSetData>(event);
      row.quotaInitial = amount(data.quotaYuan);
      row.quotaMethod = data.method;
      row.quotaSetOn = data.effectiveDate;
      invariant(quotaOf(row)!.equals(data.currentQuotaYuan), `quota of ${describe(row)}: set + carried-in ≠ ${data.currentQuotaYuan}`);
      break;
    }
    case 'QuotaAdjusted':
      applyQuotaAdjusted(row, dataOf<QuotaAdjustedData>(event));
      break;
    case 'PrepaymentDisbursed':
      applyPrepayment(row, dataOf<PrepaymentDisbursedData>(event));
      break;
    case 'MonthlySettlementPosted':
      applySettlement(state, row, dataOf<MonthlySettlementPostedData>(event));
      break;
    case 'ClawbackAssessed':
      applyClawback(state, row, dataOf<ClawbackAssessedData>(event));
      break;
    case 'ReceivableRecovered':
      applyRecovery(state, row, dataOf<ReceivableRecoveredData>(event));
      break;
    case 'LiquidatedDamagesAssessed': {
      const data = dataOf<LiquidatedDamagesAssessedData>(event);
      const value = amount(data.amountYuan);
      row.liquidatedDamages = row.liquidatedDamages.plus(value);
      openReceivable(state, row, data.receivableId, 'liquidated_damages', data.year, value, data.effectiveDate);
      break;
    }
    case 'FineImposed':
      row.finesToTreasury = row.finesToTreasury.plus(amount(dataOf<FineImposedData>(event).fineYuan));
      break;
    case 'AssessmentScored':
      row.score = amount(dataOf<AssessmentScoredData>(event).scorePoints);
      break;
    case 'YearEndSettled':
      applyYearEnd(state, row, dataOf<YearEndSettledData>(event));
      break;
    case 'BalanceCarriedIn':
      applyCarryIn(state, row, dataOf<BalanceCarriedInData>(event));
      break;
  }
  return state;
}

function applyQuotaAdjusted(row: HospitalYearRow, data: QuotaAdjustedData): void {
  const delta = amount(data.deltaYuan);
  row.adjustments.push({
    reason: data.reason,
    direction: data.direction,
    delta,
    effectiveDate: data.effectiveDate,
    fromYear: data.inputs.fromYear,
    note: data.note,
  });
  if (data.reason === 'carry_in') {
    row.carriedIn = row.carriedIn.plus(delta);
    if (data.inputs.fromYear !== null) row.carriedInFromYears.push(data.inputs.fromYear);
  } else {
    row.adjustmentsTotal = row.adjustmentsTotal.plus(delta);
  }
  const quota = quotaOf(row);
  if (quota !== null) invariant(quota.equals(data.newQuotaYuan), `quota of ${describe(row)} is ${quota.toFixed(2)}, the event says ${data.newQuotaYuan}`);
}

function applyPrepayment(row: HospitalYearRow, data: PrepaymentDisbursedData): void {
  const gross = amount(data.grossYuan);
  const net = amount(data.netYuan);
  const withheld = amount(data.withheldYuan);
  invariant(net.plus(withheld).equals(gross), `prepayment ${describe(row)} month ${data.month}: net + withheld ≠ gross`);
  row.monthsPrepaid.push(data.month);
  row.prepaidGross = row.prepaidGross.plus(gross);
  row.prepaidNet = row.prepaidNet.plus(net);
  row.withheld = row.withheld.plus(withheld);
}

function applySettlement(state: HospitalBudgetsState, row: HospitalYearRow, data: MonthlySettlementPostedData): void {
  const claimed = amount(data.claimedYuan);
  const refused = amount(data.refusedYuan);
  const approved = amount(data.approvedYuan);
  const primary = data.primaryApprovedYuan === data.approvedYuan ? approved : amount(data.primaryApprovedYuan);
  const deferred = amount(data.deferredYuan);
  const net = amount(data.netPaymentYuan);
  const offsets = amount(data.receivableOffsetYuan);
  invariant(claimed.minus(refused).equals(approved), `settlement ${describe(row)} month ${data.month}: claimed − refused ≠ approved`);
  invariant(
    amount(data.prepaidOffsetYuan).plus(deferred).plus(offsets).plus(net).equals(primary),
    `settlement ${describe(row)} month ${data.month}: its parts do not add up to the approved amount`,
  );
  row.monthsSettled.push(data.month);
  row.claimed = row.claimed.plus(claimed);
  if (!refused.isZero()) {
    row.refused = row.refused.plus(refused);
    for (const line of data.refusals) addInto(row.refusedByRule, line.ruleId, amount(line.refusedYuan));
  }
  row.approved = row.approved.plus(primary);
  if (primary !== approved) row.coFunded = row.coFunded.plus(approved.minus(primary));
  row.settlementPayable = row.settlementPayable.plus(amount(data.payableYuan));
  row.settlementNet = row.settlementNet.plus(net);
  if (!offsets.isZero()) {
    row.receivableOffsets = row.receivableOffsets.plus(offsets);
    for (const offset of data.receivableOffsets) reduceReceivable(state, row, offset.receivableId, amount(offset.amountYuan));
  }
  row.deferredPayable = row.deferredPayable.plus(deferred);
}

function applyClawback(state: HospitalBudgetsState, row: HospitalYearRow, data: ClawbackAssessedData): void {
  const value = amount(data.amountYuan);
  if (data.late) {
    row.priorYearRecoveries = row.priorYearRecoveries.plus(value);
    const serviceRow = rowOf(state, data.fundId, data.payeeId, data.serviceYear);
    serviceRow.clawbacksPostClose = serviceRow.clawbacksPostClose.plus(value);
  } else {
    row.clawbacksInYear = row.clawbacksInYear.plus(value);
  }
  openReceivable(state, row, data.receivableId, 'clawback', data.serviceYear, value, data.effectiveDate);
}

function applyRecovery(state: HospitalBudgetsState, row: HospitalYearRow, data: ReceivableRecoveredData): void {
  let allocated = ZERO;
  for (const allocation of data.allocations) {
    const value = amount(allocation.amountYuan);
    allocated = allocated.plus(value);
    reduceReceivable(state, row, allocation.receivableId, value);
  }
  invariant(allocated.equals(data.amountYuan), `recovery ${describe(row)}: allocations do not add up to ${data.amountYuan}`);
  row.recovered = row.recovered.plus(allocated);
}

function applyYearEnd(state: HospitalBudgetsState, row: HospitalYearRow, data: YearEndSettledData): void {
  const b = data.breakdown;
  const amounts = {} as Record<YearEndAmount, Decimal>;
  for (const field of YEAR_END_AMOUNTS) amounts[field] = amount(b[field]);
  invariant(
    amounts.fundOverrunShareYuan.plus(amounts.hospitalOverrunShareYuan).equals(amounts.overrunYuan),
    `year end ${describe(row)}: fund + hospital shares ≠ overrun`,
  );
  invariant(
    amounts.depositReturnedYuan.plus(amounts.depositForfeitedYuan).equals(data.inputs.withheldYuan),
    `year end ${describe(row)}: deposit returned + forfeited ≠ withheld`,
  );
  const quota = amount(data.inputs.quotaYuan);
  const rowQuota = quotaOf(row);
  if (rowQuota !== null) {
    invariant(rowQuota.equals(quota), `year end ${describe(row)}: quota ${quota.toFixed(2)} ≠ projected ${rowQuota.toFixed(2)}`);
    invariant(row.approved.equals(data.inputs.approvedYuan), `year end ${describe(row)}: approved ≠ projected`);
  }
  row.yearEnd = {
    effectiveDate: data.effectiveDate,
    policyVersion: data.policyVersion,
    retentionMode: b.retentionMode,
    quota,
    actual: amount(data.inputs.actualYuan),
    amounts,
  };
  row.deferredPayable = row.deferredPayable.minus(amount(data.inputs.deferredPayableYuan));
  if (data.yearEndReceivable !== null) {
    openReceivable(state, row, data.yearEndReceivable.receivableId, 'year_end_settlement', data.year, amount(data.yearEndReceivable.amountYuan), data.effectiveDate);
  }
}

function applyCarryIn(state: HospitalBudgetsState, row: HospitalYearRow, data: BalanceCarriedInData): void {
  row.carriedIn = row.carriedIn.plus(amount(data.carryForwardCreditYuan));
  row.carriedInFromYears.push(data.fromYear);
  for (const carried of data.receivables) {
    const outstanding = amount(carried.outstandingYuan);
    const oldKey = receivableKey(data.fundId, data.payeeId, data.fromYear, carried.receivableId);
    const record = state.receivables.get(oldKey);
    if (record === undefined) {
      // Opened before the ledger (or in a stream we never saw): it starts here.
      openReceivable(state, row, carried.receivableId, carried.kind, carried.serviceYear, outstanding, carried.openedOn);
      continue;
    }
    state.receivables.delete(oldKey);
    record.holderYear = data.year;
    state.receivables.set(receivableKey(data.fundId, data.payeeId, data.year, carried.receivableId), record);
    if (!record.outstanding.equals(outstanding)) {
      // The carried amount is what the new year's stream works with: follow it.
      const serviceRow = rowOf(state, record.fundId, record.payeeId, record.serviceYear);
      addInto(serviceRow.openReceivables, record.kind, outstanding.minus(record.outstanding));
      record.outstanding = outstanding;
    }
  }
}

function openReceivable(
  state: HospitalBudgetsState,
  holder: HospitalYearRow,
  receivableId: string,
  kind: ReceivableKind,
  serviceYear: number,
  value: Decimal,
  openedOn: string,
): void {
  const record: ReceivableRecord = {
    receivableId,
    fundId: holder.fundId,
    payeeId: holder.payeeId,
    holderYear: holder.year,
    serviceYear,
    kind,
    openedOn,
    outstanding: value,
  };
  const key = receivableKey(holder.fundId, holder.payeeId, holder.year, receivableId);
  invariant(!state.receivables.has(key), `receivable ${receivableId} opened twice in ${describe(holder)}`);
  state.receivables.set(key, record);
  addInto(rowOf(state, holder.fundId, holder.payeeId, serviceYear).openReceivables, kind, value);
}

function reduceReceivable(state: HospitalBudgetsState, holder: HospitalYearRow, receivableId: string, value: Decimal): void {
  const record = state.receivables.get(receivableKey(holder.fundId, holder.payeeId, holder.year, receivableId));
  invariant(record !== undefined, `receivable ${receivableId} is not held by ${describe(holder)}`);
  const outstanding = record.outstanding.minus(value);
  invariant(!outstanding.lt(0), `receivable ${receivableId} would go below zero`);
  record.outstanding = outstanding;
  addInto(rowOf(state, record.fundId, record.payeeId, record.serviceYear).openReceivables, record.kind, value.negated());
}

function describe(row: { fundId: string; payeeId: string; year: number }): string {
  return `${row.fundId}/${row.payeeId}/${row.year}`;
}

// ---- snapshot JSON

interface RowJson {
  fundId: string;
  payeeId: string;
  year: number;
  quotaInitial: string | null;
  quotaMethod: QuotaMethod | null;
  quotaSetOn: string | null;
  adjustments: Array<Omit<AdjustmentLine, 'delta'> & { delta: string }>;
  carriedInFromYears: number[];
  monthsPrepaid: number[];
  monthsSettled: number[];
  amounts: Record<string, string>;
  refusedByRule: Record<string, string>;
  openReceivables: Record<string, string>;
  score: string | null;
  yearEnd: (Omit<YearEndResult, 'quota' | 'actual' | 'amounts'> & { quota: string; actual: string; amounts: Record<string, string> }) | null;
  lastEffectiveDate: string | null;
}

interface StateJson {
  lastRecordedAt: string | null;
  rows: RowJson[];
  receivables: Array<Omit<ReceivableRecord, 'outstanding'> & { outstanding: string }>;
}

/** The Decimal fields of a row that are plain sums (serialised together). */
const ROW_SUMS = [
  'adjustmentsTotal',
  'carriedIn',
  'prepaidGross',
  'prepaidNet',
  'withheld',
  'claimed',
  'refused',
  'approved',
  'coFunded',
  'settlementPayable',
  'settlementNet',
  'receivableOffsets',
  'deferredPayable',
  'clawbacksInYear',
  'clawbacksPostClose',
  'priorYearRecoveries',
  'liquidatedDamages',
  'finesToTreasury',
  'recovered',
] as const satisfies ReadonlyArray<keyof HospitalYearRow>;

function rowToJson(row: HospitalYearRow): RowJson {
  const amounts: Record<string, string> = {};
  for (const field of ROW_SUMS) amounts[field] = row[field].toString();
  return {
    fundId: row.fundId,
    payeeId: row.payeeId,
    year: row.year,
    quotaInitial: row.quotaInitial === null ? null : row.quotaInitial.toString(),
    quotaMethod: row.quotaMethod,
    quotaSetOn: row.quotaSetOn,
    adjustments: row.adjustments.map((a) => ({ ...a, delta: a.delta.toString() })),
    carriedInFromYears: [...row.carriedInFromYears],
    monthsPrepaid: [...row.monthsPrepaid],
    monthsSettled: [...row.monthsSettled],
    amounts,
    refusedByRule: decimalMapToJson(row.refusedByRule),
    openReceivables: decimalMapToJson(row.openReceivables),
    score: row.score === null ? null : row.score.toString(),
    yearEnd:
      row.yearEnd === null
        ? null
        : {
            effectiveDate: row.yearEnd.effectiveDate,
            policyVersion: row.yearEnd.policyVersion,
            retentionMode: row.yearEnd.retentionMode,
            quota: row.yearEnd.quota.toString(),
            actual: row.yearEnd.actual.toString(),
            amounts: decimalMapToJson(new Map(Object.entries(row.yearEnd.amounts))),
          },
    lastEffectiveDate: row.lastEffectiveDate,
  };
}

function rowFromJson(json: RowJson): HospitalYearRow {
  const row = emptyRow(json.fundId, json.payeeId, json.year);
  for (const field of ROW_SUMS) row[field] = new Decimal(json.amounts[field] ?? '0');
  row.quotaInitial = json.quotaInitial === null ? null : new Decimal(json.quotaInitial);
  row.quotaMethod = json.quotaMethod;
  row.quotaSetOn = json.quotaSetOn;
  row.adjustments = json.adjustments.map((a) => ({ ...a, delta: new Decimal(a.delta) }));
  row.carriedInFromYears = [...json.carriedInFromYears];
  row.monthsPrepaid = [...json.monthsPrepaid];
  row.monthsSettled = [...json.monthsSettled];
  row.refusedByRule = decimalMapFromJson(json.refusedByRule);
  row.openReceivables = decimalMapFromJson(json.openReceivables);
  row.score = json.score === null ? null : new Decimal(json.score);
  row.yearEnd =
    json.yearEnd === null
      ? null
      : {
          effectiveDate: json.yearEnd.effectiveDate,
          policyVersion: json.yearEnd.policyVersion,
          retentionMode: json.yearEnd.retentionMode,
          quota: new Decimal(json.yearEnd.quota),
          actual: new Decimal(json.yearEnd.actual),
          amounts: Object.fromEntries(YEAR_END_AMOUNTS.map((f) => [f, new Decimal(json.yearEnd!.amounts[f] ?? '0')])) as Record<YearEndAmount, Decimal>,
        };
  row.lastEffectiveDate = json.lastEffectiveDate;
  return row;
}

export const hospitalBudgetsProjection: Projection<HospitalBudgetsState> = {
  name: 'hospital-budgets',
  version: 1,
  initialState: () => ({ rows: new Map(), receivables: new Map(), lastRecordedAt: null }),
  apply: applyHospitalBudgetEvent,
  toJson(state): JsonValue {
    const json: StateJson = {
      lastRecordedAt: state.lastRecordedAt,
      rows: [...state.rows.values()].map(rowToJson),
      receivables: [...state.receivables.values()].map((r) => ({ ...r, outstanding: r.outstanding.toString() })),
    };
    return json as unknown as JsonValue;
  },
  fromJson(json): HospitalBudgetsState {
    const parsed = json as unknown as StateJson;
    const rows = new Map<string, HospitalYearRow>();
    for (const r of parsed.rows) rows.set(rowKey(r.fundId, r.payeeId, r.year), rowFromJson(r));
    const receivables = new Map<string, ReceivableRecord>();
    for (const r of parsed.receivables) {
      receivables.set(receivableKey(r.fundId, r.payeeId, r.holderYear, r.receivableId), { ...r, outstanding: new Decimal(r.outstanding) });
    }
    return { rows, receivables, lastRecordedAt: parsed.lastRecordedAt };
  },
};

// ---- query-time figures

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

interface ExecutionNumbers {
  readonly figures: ExecutionFigures;
  /** For sorting: A ÷ Q and projected A − Q (null when unknown). */
  readonly execution: Decimal | null;
  readonly projectedOverrun: Decimal | null;
}

function executionNumbers(row: HospitalYearRow, businessDate: string): ExecutionNumbers {
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

const sortedMonths = (months: readonly number[]): number[] => [...months].sort((a, b) => a - b);

/** Everything about one hospital-year, amounts as yuan strings, time-dependent figures for `businessDate`. */
export function hospitalYearView(row: HospitalYearRow, businessDate: string) {
  const quota = quotaOf(row);
  const yearEnd = row.yearEnd;
  return {
    fundId: row.fundId,
    payeeId: row.payeeId,
    year: row.year,
    status: yearEnd !== null ? 'settled' : quota === null ? 'no_quota' : 'open',
    quota: {
      initialYuan: outOrNull(row.quotaInitial),
      method: row.quotaMethod,
      setOn: row.quotaSetOn,
      adjustments: row.adjustments.map((a) => ({
        reason: a.reason,
        direction: a.direction,
        deltaYuan: out(a.delta),
        effectiveDate: a.effectiveDate,
        fromYear: a.fromYear,
        note: a.note,
      })),
      adjustmentsYuan: out(row.adjustmentsTotal),
      carriedInYuan: out(row.carriedIn),
      carriedInFromYears: [...row.carriedInFromYears],
      finalYuan: outOrNull(quota),
    },
    prepayments: {
      months: sortedMonths(row.monthsPrepaid),
      grossYuan: out(row.prepaidGross),
      netYuan: out(row.prepaidNet),
      withheldDepositYuan: out(row.withheld),
    },
    settlements: {
      months: sortedMonths(row.monthsSettled),
      claimedYuan: out(row.claimed),
      refusedYuan: out(row.refused),
      refusedByRule: [...row.refusedByRule.entries()]
        .sort(([a], [b]) => compareText(a, b))
        .map(([ruleId, value]) => ({ ruleId, refusedYuan: out(value) })),
      approvedYuan: out(row.approved),
      coFundedYuan: out(row.coFunded),
      payableYuan: out(row.settlementPayable),
      netPaymentsYuan: out(row.settlementNet),
      receivableOffsetsYuan: out(row.receivableOffsets),
      deferredPayableYuan: out(row.deferredPayable),
    },
    clawbacks: {
      inYearYuan: out(row.clawbacksInYear),
      postCloseYuan: out(row.clawbacksPostClose),
      priorYearsAssessedHereYuan: out(row.priorYearRecoveries),
    },
    penalties: {
      liquidatedDamagesYuan: out(row.liquidatedDamages),
      /** Treasury memorandum: not the fund's money. */
      finesToTreasuryYuan: out(row.finesToTreasury),
    },
    receivables: {
      openYuan: out(openReceivablesOf(row)),
      byKind: Object.fromEntries(RECEIVABLE_KINDS.map((k) => [k, out(row.openReceivables.get(k) ?? ZERO)])),
      recoveredYuan: out(row.recovered),
    },
    netPaidYuan: out(netPaidOf(row)),
    scorePoints: row.score === null ? null : row.score.toFixed(2),
    yearEnd:
      yearEnd === null
        ? null
        : {
            effectiveDate: yearEnd.effectiveDate,
            policyVersion: yearEnd.policyVersion,
            retentionMode: yearEnd.retentionMode,
            quotaYuan: out(yearEnd.quota),
            actualYuan: out(yearEnd.actual),
            ...(Object.fromEntries(YEAR_END_AMOUNTS.map((f) => [f, out(yearEnd.amounts[f])])) as Record<YearEndAmount, string>),
          },
    execution: executionFigures(row, businessDate),
  };
}

export type HospitalYearView = ReturnType<typeof hospitalYearView>;

export type SummarySortBy = 'execution' | 'overrun' | 'warning';
export type SortOrder = 'asc' | 'desc';

export interface SummaryQuery {
  readonly fundId?: string;
  readonly year?: number;
  readonly sortBy?: SummarySortBy;
  readonly order?: SortOrder;
  readonly limit: number;
  readonly offset: number;
}

export interface SummaryItem {
  readonly fundId: string;
  readonly payeeId: string;
  readonly year: number;
  readonly status: string;
  readonly quotaYuan: string | null;
  readonly approvedYuan: string;
  readonly actualYuan: string;
  readonly executionPercent: string | null;
  readonly timeSharePercent: string;
  readonly projectedOverrunYuan: string | null;
  readonly projectedSurplusYuan: string | null;
  /** Settled years: the year-end overrun (else null). */
  readonly overrunYuan: string | null;
  readonly netPaidYuan: string;
  readonly openReceivablesYuan: string;
  readonly warning: RunRateWarning;
}

/**
 * Paged, sorted hospital-years. Unknown values (no quota, nothing settled) sort last in either order;
 * ties keep the stable order fund, payee, year.
 */
export function hospitalBudgetSummary(state: HospitalBudgetsState, query: SummaryQuery, businessDate: string) {
  const selected: Array<{ row: HospitalYearRow; numbers: ExecutionNumbers }> = [];
  for (const row of state.rows.values()) {
    if (query.fundId !== undefined && row.fundId !== query.fundId) continue;
    if (query.year !== undefined && row.year !== query.year) continue;
    selected.push({ row, numbers: executionNumbers(row, businessDate) });
  }
  const direction = query.order === 'asc' ? 1 : -1;
  const sortValue = (entry: (typeof selected)[number]): Decimal | null => {
    switch (query.sortBy) {
      case 'execution':
        return entry.numbers.execution;
      case 'overrun':
        return entry.numbers.projectedOverrun;
      case 'warning':
        return entry.numbers.figures.warning === 'none' ? null : new Decimal(RUN_RATE_WARNING_RANK[entry.numbers.figures.warning]);
      default:
        return null;
    }
  };
  const natural = (a: HospitalYearRow, b: HospitalYearRow) =>
    compareText(a.fundId, b.fundId) || compareText(a.payeeId, b.payeeId) || a.year - b.year;
  const keyed = selected.map((entry) => ({ entry, value: sortValue(entry) }));
  keyed.sort((a, b) => {
    if (query.sortBy !== undefined) {
      if (a.value === null && b.value !== null) return 1;
      if (b.value === null && a.value !== null) return -1;
      if (a.value !== null && b.value !== null) {
        const byValue = a.value.comparedTo(b.value) * direction;
        if (byValue !== 0) return byValue;
        if (query.sortBy === 'warning') {
          const byExecution = (a.entry.numbers.execution ?? ZERO).comparedTo(b.entry.numbers.execution ?? ZERO) * direction;
          if (byExecution !== 0) return byExecution;
        }
      }
    }
    return natural(a.entry.row, b.entry.row);
  });
  const page = keyed.slice(query.offset, query.offset + query.limit);
  const items: SummaryItem[] = page.map(({ entry: { row, numbers } }) => ({
    fundId: row.fundId,
    payeeId: row.payeeId,
    year: row.year,
    status: row.yearEnd !== null ? 'settled' : row.quotaInitial === null ? 'no_quota' : 'open',
    quotaYuan: numbers.figures.quotaYuan,
    approvedYuan: out(row.approved),
    actualYuan: numbers.figures.actualYuan,
    executionPercent: numbers.figures.executionPercent,
    timeSharePercent: numbers.figures.timeSharePercent,
    projectedOverrunYuan: numbers.figures.projectedOverrunYuan,
    projectedSurplusYuan: numbers.figures.projectedSurplusYuan,
    overrunYuan: row.yearEnd === null ? null : out(row.yearEnd.amounts.overrunYuan),
    netPaidYuan: out(netPaidOf(row)),
    openReceivablesYuan: out(openReceivablesOf(row)),
    warning: numbers.figures.warning,
  }));
  return { total: selected.length, limit: query.limit, offset: query.offset, items };
}
