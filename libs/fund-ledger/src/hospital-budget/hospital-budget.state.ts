import { Decimal, ZERO } from '@ledger/money';
import { assertNever, invariant } from '../shared/decider';
import type {
  BalanceCarriedInData,
  BudgetStreamKey,
  ClawbackAssessedData,
  HospitalBudgetEvent,
  MonthlySettlementPostedData,
  PrepaymentDisbursedData,
  QuotaAdjustedData,
  ReceivableKind,
  ReceivableRecoveredData,
  YearEndSettledData,
} from './hospital-budget.events';

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
  const keyed = withKey(state, event.data);
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
  };
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
