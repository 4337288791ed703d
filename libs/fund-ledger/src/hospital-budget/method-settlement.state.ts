import { Decimal, ZERO } from '@ledger/money';
import { assertNever, invariant } from '../shared/decider';
import type { PaymentMethod, PaymentMethodEvent, PerCaseQuarterClearedData } from './method-settlement.events';

/** What the payment-method deciders need of a hospital-year (a part of HospitalBudgetState). Decimals only. */
export interface PerCaseMonth {
  readonly month: number;
  readonly cases: number;
  readonly claimedYuan: Decimal;
  readonly standardYuan: Decimal;
  readonly capYuan: Decimal;
  readonly presettledYuan: Decimal;
}

export interface PaymentMethodsState {
  /** In append order; the last one whose fromMonth ≤ M is in force for month M. */
  readonly assignments: readonly { readonly fromMonth: number; readonly methods: readonly PaymentMethod[] }[];
  /** `${month}:${method}` of every method settlement: one per month and method. */
  readonly settled: readonly string[];
  /** The latest month with a method settlement (0 when none): assignments may not rewrite it. */
  readonly lastSettledMonth: number;
  /** Σ amounts by method, quarterly clearing payments included in per_case_cap: each counts in A. */
  readonly settledByMethodYuan: Readonly<Record<PaymentMethod, Decimal>>;
  readonly perCaseMonths: readonly PerCaseMonth[];
  readonly clearedQuarters: readonly number[];
  readonly perCaseRefusedYuan: Decimal;
  readonly singleDiseaseSurplusYuan: Decimal;
  readonly singleDiseaseOverrunYuan: Decimal;
}

export function initialPaymentMethodsState(): PaymentMethodsState {
  return {
    assignments: [],
    settled: [],
    lastSettledMonth: 0,
    settledByMethodYuan: { drg: ZERO, single_disease: ZERO, per_diem: ZERO, per_case_cap: ZERO },
    perCaseMonths: [],
    clearedQuarters: [],
    perCaseRefusedYuan: ZERO,
    singleDiseaseSurplusYuan: ZERO,
    singleDiseaseOverrunYuan: ZERO,
  };
}

/** The unit-price methods in force for a month; empty = global budget alone (also when never assigned). */
export function methodsInForce(state: PaymentMethodsState, month: number): readonly PaymentMethod[] {
  let methods: readonly PaymentMethod[] = [];
  for (const a of state.assignments) if (a.fromMonth <= month) methods = a.methods;
  return methods;
}

export const settledKey = (month: number, method: PaymentMethod): string => `${month}:${method}`;

export function evolvePaymentMethods(state: PaymentMethodsState, event: PaymentMethodEvent): PaymentMethodsState {
  switch (event.type) {
    case 'PaymentMethodsAssigned':
      return {
        ...state,
        assignments: [
          ...state.assignments,
          { fromMonth: event.data.fromMonth, methods: event.data.methods.map((m) => m.method) },
        ],
      };
    case 'MethodSettlementPosted': {
      const { data } = event;
      const key = settledKey(data.month, data.method);
      invariant(!state.settled.includes(key), `method ${data.method} of month ${data.month} settled twice`);
      return {
        ...state,
        settled: [...state.settled, key],
        lastSettledMonth: Math.max(state.lastSettledMonth, data.month),
        settledByMethodYuan: addTo(state.settledByMethodYuan, data.method, data.amountYuan),
        ...detailFigures(state, data.month, data.detail),
      };
    }
    case 'PerCaseQuarterCleared':
      return evolveClearing(state, event.data);
    default:
      return assertNever(event, 'payment method event');
  }
}

function detailFigures(
  state: PaymentMethodsState,
  month: number,
  detail: Extract<PaymentMethodEvent, { type: 'MethodSettlementPosted' }>['data']['detail'],
): Partial<PaymentMethodsState> {
  switch (detail.method) {
    case 'single_disease':
      return {
        singleDiseaseSurplusYuan: detail.lines.reduce((s, l) => s.plus(l.surplusYuan), state.singleDiseaseSurplusYuan),
        singleDiseaseOverrunYuan: detail.lines.reduce((s, l) => s.plus(l.overrunYuan), state.singleDiseaseOverrunYuan),
      };
    case 'per_case_cap': {
      const line = detail.lines[0];
      invariant(line !== undefined && detail.lines.length === 1, 'a per-case month has exactly one line');
      const perCase: PerCaseMonth = {
        month,
        cases: line.cases,
        claimedYuan: new Decimal(line.claimedYuan),
        standardYuan: new Decimal(line.standardYuan),
        capYuan: new Decimal(line.capYuan),
        presettledYuan: new Decimal(line.amountYuan),
      };
      return { perCaseMonths: [...state.perCaseMonths, perCase] };
    }
    case 'drg':
    case 'per_diem':
      return {};
    default:
      return assertNever(detail, 'method lines');
  }
}

function evolveClearing(state: PaymentMethodsState, data: PerCaseQuarterClearedData): PaymentMethodsState {
  invariant(!state.clearedQuarters.includes(data.quarter), `quarter ${data.quarter} cleared twice`);
  return {
    ...state,
    clearedQuarters: [...state.clearedQuarters, data.quarter],
    settledByMethodYuan: addTo(state.settledByMethodYuan, 'per_case_cap', data.paymentYuan),
    perCaseRefusedYuan: state.perCaseRefusedYuan.plus(data.refusedYuan),
  };
}

function addTo(
  totals: Readonly<Record<PaymentMethod, Decimal>>,
  method: PaymentMethod,
  amountYuan: string,
): Readonly<Record<PaymentMethod, Decimal>> {
  return { ...totals, [method]: totals[method].plus(amountYuan) };
}

/** The budget figures a method amount moves (the fields of HospitalBudgetState the monthly settlement moves too). */
export interface MethodBudgetFigures<R extends { readonly receivableId: string; readonly outstandingYuan: Decimal }> {
  readonly approvedYuan: Decimal;
  readonly prepaidOutstandingYuan: Decimal;
  readonly settlementPayableYuan: Decimal;
  readonly settlementCashYuan: Decimal;
  readonly deferredPayableYuan: Decimal;
  readonly receivables: readonly R[];
  readonly paymentMethods: PaymentMethodsState;
}

/**
 * A payment-method event on the hospital-year: its amount counts in A (approved), the cash cap (payable) and
 * the year end (deferred, prepaid outstanding) exactly as a monthly settlement's does; the months settled
 * by the global budget are not touched (a method line is not the month's global settlement).
 */
export function evolveMethodEvent<
  R extends { readonly receivableId: string; readonly outstandingYuan: Decimal },
  S extends MethodBudgetFigures<R>,
>(state: S, event: PaymentMethodEvent): S {
  const paymentMethods = evolvePaymentMethods(state.paymentMethods, event);
  if (event.type === 'PaymentMethodsAssigned') return { ...state, paymentMethods };
  const { budget } = event.data;
  const offsets = new Map(budget.receivableOffsets.map((o) => [o.receivableId, new Decimal(o.amountYuan)]));
  const receivables = state.receivables.map((r) => {
    const amount = offsets.get(r.receivableId);
    if (amount === undefined) return r;
    const outstanding = r.outstandingYuan.minus(amount);
    invariant(!outstanding.isNegative(), `receivable ${r.receivableId} would go below zero`);
    return { ...r, outstandingYuan: outstanding };
  });
  return {
    ...state,
    paymentMethods,
    approvedYuan: state.approvedYuan.plus(budget.approvedYuan),
    prepaidOutstandingYuan: state.prepaidOutstandingYuan.minus(budget.prepaidOffsetYuan),
    settlementPayableYuan: state.settlementPayableYuan.plus(budget.payableYuan),
    settlementCashYuan: state.settlementCashYuan.plus(budget.netPaymentYuan),
    deferredPayableYuan: state.deferredPayableYuan.plus(budget.deferredYuan),
    receivables,
  };
}
