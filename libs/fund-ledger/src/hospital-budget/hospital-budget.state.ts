import { Decimal, ZERO } from '@ledger/money';
import { assertNever, invariant } from '../shared/decider';
import type {
  BalanceCarriedInData,
  BudgetStreamKey,
  ClawbackAssessedData,
  EventReversedData,
  HospitalBudgetEvent,
  MonthlySettlementPostedData,
  PrepaymentDisbursedData,
  QuotaAdjustedData,
  ReceivableKind,
  ReceivableRecoveredData,
  YearEndSettledData,
} from './hospital-budget.events';
import { evolveMethodEvent, initialPaymentMethodsState, type PaymentMethodsState } from './method-settlement.state';
import {
  type DueProcessState,
  evolvePenaltyCancelled,
  evolveSupplementarySettlement,
  initialDueProcess,
  withDueProcess,
} from './hospital-budget.due-process.state';

/**
 * What the deciders need to know about one hospital-year. Decimals only (never numbers); evolve never
 * mutates the previous state, so a state can be shared between decisions and specs.
 */
export interface Receivable {
  readonly receivableId: string;
  readonly kind: ReceivableKind;
  readonly serviceYear: number;
  readonly originalYuan: Decimal;
  readonly outstandingYuan: Decimal;
  readonly openedOn: string;
}

export interface HospitalBudgetState {
  /** Set by the first event; every later command must target the same stream. */
  readonly key: BudgetStreamKey | null;
  readonly closed: boolean;
  /** null until QuotaSet. */
  readonly initialQuotaYuan: Decimal | null;
  /** Σ QuotaAdjusted deltas except reason carry_in (signed). */
  readonly adjustmentsYuan: Decimal;
  /** Σ credits from earlier years (BalanceCarriedIn + QuotaAdjusted carry_in). */
  readonly carriedInYuan: Decimal;
  readonly carriedInFromYears: readonly number[];
  readonly manualCarryInFromYears: readonly number[];
  readonly prepaidMonths: readonly number[];
  readonly settledMonths: readonly number[];
  readonly prepaidGrossYuan: Decimal;
  readonly prepaidNetYuan: Decimal;
  /** Withheld deposit not yet settled (W). */
  readonly withheldYuan: Decimal;
  /** Prepayments not yet offset by settlements (P). */
  readonly prepaidOutstandingYuan: Decimal;
  /** Σ primary approved of this fund (co-funded parts excluded). */
  readonly approvedYuan: Decimal;
  /** Σ settlement payable (cash + receivable offsets): counts toward the in-year cash cap. */
  readonly settlementPayableYuan: Decimal;
  readonly settlementCashYuan: Decimal;
  /** Owed to the hospital, held back by the cash cap (DP). */
  readonly deferredPayableYuan: Decimal;
  readonly inYearClawbacksYuan: Decimal;
  readonly lateClawbacksYuan: Decimal;
  readonly liquidatedDamagesYuan: Decimal;
  readonly finesYuan: Decimal;
  readonly fineIds: readonly string[];
  readonly receivables: readonly Receivable[];
  readonly scorePoints: Decimal | null;
  /** The year-end payment held (agreement terminated for cause) and not yet released. */
  readonly heldPayableYuan: Decimal;
  /** The business date of the release of the held payment, once released. */
  readonly heldPaymentReleasedOn: string | null;
  /** The unit-price payment methods (DRG, single disease, per diem, per-case cap) of the year. */
  readonly paymentMethods: PaymentMethodsState;
  /** Events of this stream reversed (红字冲销): event id -> the request that reversed it (`stream@revision`). */
  readonly reversedEvents: ReadonlyMap<string, string>;
  /** Audit opinions, objections (异议) and penalties that may be cancelled on appeal (R-PAY-4, issue #14 §2). */
  readonly dueProcess: DueProcessState;
}

export function initialState(): HospitalBudgetState {
  return {
    key: null,
    closed: false,
    initialQuotaYuan: null,
    adjustmentsYuan: ZERO,
    carriedInYuan: ZERO,
    carriedInFromYears: [],
    manualCarryInFromYears: [],
    prepaidMonths: [],
    settledMonths: [],
    prepaidGrossYuan: ZERO,
    prepaidNetYuan: ZERO,
    withheldYuan: ZERO,
    prepaidOutstandingYuan: ZERO,
    approvedYuan: ZERO,
    settlementPayableYuan: ZERO,
    settlementCashYuan: ZERO,
    deferredPayableYuan: ZERO,
    inYearClawbacksYuan: ZERO,
    lateClawbacksYuan: ZERO,
    liquidatedDamagesYuan: ZERO,
    finesYuan: ZERO,
    fineIds: [],
    receivables: [],
    scorePoints: null,
    heldPayableYuan: ZERO,
    heldPaymentReleasedOn: null,
    paymentMethods: initialPaymentMethodsState(),
    reversedEvents: new Map(),
    dueProcess: initialDueProcess(),
  };
}

/** The current quota Q, or null before QuotaSet (carried-in credit alone is not a quota). */
export function currentQuota(state: HospitalBudgetState): Decimal | null {
  if (state.initialQuotaYuan === null) return null;
  return state.initialQuotaYuan.plus(state.adjustmentsYuan).plus(state.carriedInYuan);
}

/** Cash already committed toward the year: prepaid gross + settlement payable (the 超总控 measure). */
export function paidTowardYear(state: HospitalBudgetState): Decimal {
  return state.prepaidGrossYuan.plus(state.settlementPayableYuan);
}

/** Open receivables, oldest first (openedOn, then id): the order of offsets and recoveries. */
export function openReceivables(state: HospitalBudgetState): Receivable[] {
  return state.receivables
    .filter((r) => r.outstandingYuan.gt(0))
    .sort((a, b) => compareText(a.openedOn, b.openedOn) || compareText(a.receivableId, b.receivableId));
}

export function findReceivable(state: HospitalBudgetState, receivableId: string): Receivable | undefined {
  return state.receivables.find((r) => r.receivableId === receivableId);
}

export function evolve(state: HospitalBudgetState, event: HospitalBudgetEvent): HospitalBudgetState {
  const keyed = withDueProcess(withKey(state, event.data), event);
  switch (event.type) {
    case 'QuotaSet':
      return { ...keyed, initialQuotaYuan: new Decimal(event.data.quotaYuan) };
    case 'QuotaAdjusted':
      return evolveQuotaAdjusted(keyed, event.data);
    case 'PrepaymentDisbursed':
      return evolvePrepayment(keyed, event.data);
    case 'MonthlySettlementPosted':
      return evolveSettlement(keyed, event.data);
    case 'ClawbackAssessed':
      return evolveClawback(keyed, event.data);
    case 'ReceivableRecovered':
      return evolveRecovery(keyed, event.data);
    case 'LiquidatedDamagesAssessed':
      return {
        ...keyed,
        liquidatedDamagesYuan: keyed.liquidatedDamagesYuan.plus(event.data.amountYuan),
        receivables: [
          ...keyed.receivables,
          openReceivable(
            event.data.receivableId,
            'liquidated_damages',
            event.data.year,
            event.data.amountYuan,
            event.data.effectiveDate,
          ),
        ],
      };
    case 'FineImposed':
      return {
        ...keyed,
        finesYuan: keyed.finesYuan.plus(event.data.fineYuan),
        fineIds: [...keyed.fineIds, event.data.fineId],
      };
    case 'AssessmentScored':
      return { ...keyed, scorePoints: new Decimal(event.data.scorePoints) };
    case 'YearEndSettled':
      return evolveYearEnd(keyed, event.data);
    case 'BalanceCarriedIn':
      return evolveCarryIn(keyed, event.data);
    case 'EventReversed':
      return evolveReversal(keyed, event.data);
    case 'PaymentMethodsAssigned':
    case 'MethodSettlementPosted':
    case 'PerCaseQuarterCleared':
      return evolveMethodEvent(keyed, event);
    case 'HeldYearEndPaymentReleased': {
      invariant(keyed.closed, 'a held year-end payment is released only after the year end');
      const held = keyed.heldPayableYuan.minus(event.data.amountYuan);
      invariant(!held.isNegative(), 'a release never exceeds the held payment');
      return { ...keyed, heldPayableYuan: held, heldPaymentReleasedOn: event.data.effectiveDate };
    }
    case 'ObjectionFiled':
    case 'ObjectionDecided':
      return keyed;
    case 'SupplementarySettlementPosted':
      return evolveSupplementarySettlement(keyed, event.data);
    case 'PenaltyCancelledOnAppeal':
      return evolvePenaltyCancelled(keyed, event.data);
    default:
      return assertNever(event, 'hospital budget event');
  }
}

function withKey(state: HospitalBudgetState, data: BudgetStreamKey): HospitalBudgetState {
  if (state.key !== null) {
    invariant(sameKey(state.key, data), `event for ${describeKey(data)} applied to stream ${describeKey(state.key)}`);
    return state;
  }
  return { ...state, key: { fundId: data.fundId, payeeId: data.payeeId, year: data.year } };
}

export function sameKey(a: BudgetStreamKey, b: BudgetStreamKey): boolean {
  return a.fundId === b.fundId && a.payeeId === b.payeeId && a.year === b.year;
}

export function describeKey(key: BudgetStreamKey): string {
  return `${key.fundId}/${key.payeeId}/${key.year}`;
}

function evolveQuotaAdjusted(state: HospitalBudgetState, data: QuotaAdjustedData): HospitalBudgetState {
  const delta = new Decimal(data.deltaYuan);
  if (data.reason !== 'carry_in') return { ...state, adjustmentsYuan: state.adjustmentsYuan.plus(delta) };
  // A credit from an earlier year: shown with the carried-in credits, not with this year's adjustments.
  invariant(data.inputs.fromYear !== null, 'carry_in adjustment without fromYear');
  return {
    ...state,
    carriedInYuan: state.carriedInYuan.plus(delta),
    manualCarryInFromYears: [...state.manualCarryInFromYears, data.inputs.fromYear],
  };
}

function evolvePrepayment(state: HospitalBudgetState, data: PrepaymentDisbursedData): HospitalBudgetState {
  return {
    ...state,
    prepaidMonths: [...state.prepaidMonths, data.month],
    prepaidGrossYuan: state.prepaidGrossYuan.plus(data.grossYuan),
    prepaidNetYuan: state.prepaidNetYuan.plus(data.netYuan),
    withheldYuan: state.withheldYuan.plus(data.withheldYuan),
    prepaidOutstandingYuan: state.prepaidOutstandingYuan.plus(data.grossYuan),
  };
}

function evolveSettlement(state: HospitalBudgetState, data: MonthlySettlementPostedData): HospitalBudgetState {
  const offsets = new Map(data.receivableOffsets.map((o) => [o.receivableId, new Decimal(o.amountYuan)]));
  return {
    ...state,
    settledMonths: [...state.settledMonths, data.month],
    approvedYuan: state.approvedYuan.plus(data.primaryApprovedYuan),
    prepaidOutstandingYuan: state.prepaidOutstandingYuan.minus(data.prepaidOffsetYuan),
    settlementPayableYuan: state.settlementPayableYuan.plus(data.payableYuan),
    settlementCashYuan: state.settlementCashYuan.plus(data.netPaymentYuan),
    deferredPayableYuan: state.deferredPayableYuan.plus(data.deferredYuan),
    receivables: reduceReceivables(state.receivables, offsets),
  };
}

function evolveClawback(state: HospitalBudgetState, data: ClawbackAssessedData): HospitalBudgetState {
  const receivable = openReceivable(
    data.receivableId,
    'clawback',
    data.serviceYear,
    data.amountYuan,
    data.effectiveDate,
  );
  return {
    ...state,
    inYearClawbacksYuan: data.late ? state.inYearClawbacksYuan : state.inYearClawbacksYuan.plus(data.amountYuan),
    lateClawbacksYuan: data.late ? state.lateClawbacksYuan.plus(data.amountYuan) : state.lateClawbacksYuan,
    receivables: [...state.receivables, receivable],
  };
}

function evolveRecovery(state: HospitalBudgetState, data: ReceivableRecoveredData): HospitalBudgetState {
  const amounts = new Map(data.allocations.map((a) => [a.receivableId, new Decimal(a.amountYuan)]));
  return { ...state, receivables: reduceReceivables(state.receivables, amounts) };
}

function evolveYearEnd(state: HospitalBudgetState, data: YearEndSettledData): HospitalBudgetState {
  const { inputs } = data;
  const receivables = data.yearEndReceivable
    ? [
        ...state.receivables,
        openReceivable(
          data.yearEndReceivable.receivableId,
          'year_end_settlement',
          data.year,
          data.yearEndReceivable.amountYuan,
          data.effectiveDate,
        ),
      ]
    : state.receivables;
  return {
    ...state,
    closed: true,
    withheldYuan: state.withheldYuan.minus(inputs.withheldYuan),
    prepaidOutstandingYuan: state.prepaidOutstandingYuan.minus(inputs.prepaidOutstandingYuan),
    deferredPayableYuan: state.deferredPayableYuan.minus(inputs.deferredPayableYuan),
    receivables,
    // Absent on events recorded before the rule existed: nothing was held.
    heldPayableYuan: new Decimal(data.breakdown.heldPaymentYuan ?? '0'),
  };
}

/** The request that reversed an event, as the state remembers it: one reversal per event. */
export const reversalRequestRef = (requestStream: string, requestRevision: string): string =>
  `${requestStream}@${requestRevision}`;

/** Undoes the reversed event in the state: the exact opposite of its own evolve case. */
function evolveReversal(state: HospitalBudgetState, data: EventReversedData): HospitalBudgetState {
  invariant(!state.closed, 'a reversal is never posted to a closed year');
  invariant(!state.reversedEvents.has(data.reversedEventId), `event ${data.reversedEventId} reversed twice`);
  const reversedEvents = new Map(state.reversedEvents).set(
    data.reversedEventId,
    reversalRequestRef(data.requestStream, data.requestRevision),
  );
  return { ...undoEvent(state, data.reversed), reversedEvents };
}

function undoEvent(state: HospitalBudgetState, event: EventReversedData['reversed']): HospitalBudgetState {
  switch (event.type) {
    case 'QuotaAdjusted':
      return undoQuotaAdjusted(state, event.data);
    case 'PrepaymentDisbursed':
      return undoPrepayment(state, event.data);
    case 'MonthlySettlementPosted':
      return undoSettlement(state, event.data);
    case 'ClawbackAssessed': {
      const { amountYuan, late } = event.data;
      return {
        ...withdrawReceivable(state, event.data.receivableId),
        inYearClawbacksYuan: late ? state.inYearClawbacksYuan : state.inYearClawbacksYuan.minus(amountYuan),
        lateClawbacksYuan: late ? state.lateClawbacksYuan.minus(amountYuan) : state.lateClawbacksYuan,
      };
    }
    case 'ReceivableRecovered':
      return { ...state, receivables: restoreReceivables(state.receivables, allocationsOf(event.data)) };
    case 'LiquidatedDamagesAssessed':
      return {
        ...withdrawReceivable(state, event.data.receivableId),
        liquidatedDamagesYuan: state.liquidatedDamagesYuan.minus(event.data.amountYuan),
      };
    case 'FineImposed':
      // The fine id is freed: the corrected fine may be imposed under it again.
      return {
        ...state,
        finesYuan: state.finesYuan.minus(event.data.fineYuan),
        fineIds: state.fineIds.filter((id) => id !== event.data.fineId),
      };
    default:
      return assertNever(event, 'reversible budget event');
  }
}

function undoQuotaAdjusted(state: HospitalBudgetState, data: QuotaAdjustedData): HospitalBudgetState {
  const delta = new Decimal(data.deltaYuan);
  if (data.reason !== 'carry_in') return { ...state, adjustmentsYuan: state.adjustmentsYuan.minus(delta) };
  const fromYear = data.inputs.fromYear;
  const index = state.manualCarryInFromYears.indexOf(fromYear ?? Number.NaN);
  invariant(index >= 0, `reversed carry_in from ${String(fromYear)} was never applied`);
  return {
    ...state,
    carriedInYuan: state.carriedInYuan.minus(delta),
    manualCarryInFromYears: state.manualCarryInFromYears.filter((_, i) => i !== index),
  };
}

/** Frees the quota room and the month: it may be prepaid again. */
function undoPrepayment(state: HospitalBudgetState, data: PrepaymentDisbursedData): HospitalBudgetState {
  const outstanding = state.prepaidOutstandingYuan.minus(data.grossYuan);
  invariant(!outstanding.isNegative(), 'a reversed prepayment was already offset by settlements');
  return {
    ...state,
    prepaidMonths: state.prepaidMonths.filter((m) => m !== data.month),
    prepaidGrossYuan: state.prepaidGrossYuan.minus(data.grossYuan),
    prepaidNetYuan: state.prepaidNetYuan.minus(data.netYuan),
    withheldYuan: state.withheldYuan.minus(data.withheldYuan),
    prepaidOutstandingYuan: outstanding,
  };
}

/** Reopens the month for a corrected settlement; the prepayments and receivables it offset are open again. */
function undoSettlement(state: HospitalBudgetState, data: MonthlySettlementPostedData): HospitalBudgetState {
  const offsets = new Map(data.receivableOffsets.map((o) => [o.receivableId, new Decimal(o.amountYuan)]));
  return {
    ...state,
    settledMonths: state.settledMonths.filter((m) => m !== data.month),
    approvedYuan: state.approvedYuan.minus(data.primaryApprovedYuan),
    prepaidOutstandingYuan: state.prepaidOutstandingYuan.plus(data.prepaidOffsetYuan),
    settlementPayableYuan: state.settlementPayableYuan.minus(data.payableYuan),
    settlementCashYuan: state.settlementCashYuan.minus(data.netPaymentYuan),
    deferredPayableYuan: state.deferredPayableYuan.minus(data.deferredYuan),
    receivables: restoreReceivables(state.receivables, offsets),
  };
}

function allocationsOf(data: ReceivableRecoveredData): Map<string, Decimal> {
  return new Map(data.allocations.map((a) => [a.receivableId, new Decimal(a.amountYuan)]));
}

/** A receivable assessed by the reversed event leaves the state; it was never offset or recovered. */
function withdrawReceivable(state: HospitalBudgetState, receivableId: string): HospitalBudgetState {
  const receivable = findReceivable(state, receivableId);
  invariant(
    receivable !== undefined && receivable.outstandingYuan.equals(receivable.originalYuan),
    `reversed receivable ${receivableId} is not open in full`,
  );
  return { ...state, receivables: state.receivables.filter((r) => r.receivableId !== receivableId) };
}

/** Puts amounts back on receivables (a reversed offset or recovery); never above what was assessed. */
function restoreReceivables(receivables: readonly Receivable[], amounts: ReadonlyMap<string, Decimal>): Receivable[] {
  return receivables.map((r) => {
    const amount = amounts.get(r.receivableId);
    if (amount === undefined) return r;
    const outstanding = r.outstandingYuan.plus(amount);
    invariant(outstanding.lte(r.originalYuan), `receivable ${r.receivableId} would exceed its original amount`);
    return { ...r, outstandingYuan: outstanding };
  });
}

function evolveCarryIn(state: HospitalBudgetState, data: BalanceCarriedInData): HospitalBudgetState {
  const carried = data.receivables.map((r) =>
    openReceivable(r.receivableId, r.kind, r.serviceYear, r.outstandingYuan, r.openedOn),
  );
  return {
    ...state,
    carriedInYuan: state.carriedInYuan.plus(data.carryForwardCreditYuan),
    carriedInFromYears: [...state.carriedInFromYears, data.fromYear],
    receivables: [...state.receivables, ...carried],
  };
}

function openReceivable(
  receivableId: string,
  kind: ReceivableKind,
  serviceYear: number,
  amountYuan: string,
  openedOn: string,
): Receivable {
  const amount = new Decimal(amountYuan);
  return { receivableId, kind, serviceYear, originalYuan: amount, outstandingYuan: amount, openedOn };
}

/** Returns new receivable objects with the given amounts taken off; untouched ones are shared. */
function reduceReceivables(receivables: readonly Receivable[], amounts: ReadonlyMap<string, Decimal>): Receivable[] {
  return receivables.map((r) => {
    const amount = amounts.get(r.receivableId);
    if (amount === undefined) return r;
    const outstanding = r.outstandingYuan.minus(amount);
    invariant(!outstanding.isNegative(), `receivable ${r.receivableId} would go below zero`);
    return { ...r, outstandingYuan: outstanding };
  });
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
