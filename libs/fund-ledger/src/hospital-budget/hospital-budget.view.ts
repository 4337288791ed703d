import { Decimal, max, yuan, ZERO } from '@ledger/money';
import { dueProcessView } from './hospital-budget.due-process.view';
import type { EventReversedData, HospitalBudgetEvent, YearEndSettledData } from './hospital-budget.events';
import type {
  HospitalBudgetView,
  QuotaView,
  ReceivablesView,
  ReceivableView,
  RuleAmountView,
  ServiceYearAmountView,
  SettlementsView,
} from './hospital-budget.queries.dto';
import {
  currentQuota,
  evolve,
  type HospitalBudgetState,
  initialState,
  openReceivables,
  paidTowardYear,
} from './hospital-budget.state';

/**
 * The write model's own view of one hospital-year: the decider's state (the same evolve the commands
 * use) plus the figures the deciders do not need but a reader does (claims, refusals by rule, penalties
 * by rule, the year-end breakdown). Folded at request time from the stream, so it is never behind.
 */
export interface BudgetFold {
  readonly state: HospitalBudgetState;
  readonly claimed: Decimal;
  readonly refused: Decimal;
  readonly refusedByRule: ReadonlyMap<string, Decimal>;
  readonly coFunded: Decimal;
  readonly withheldTotal: Decimal;
  readonly lateByServiceYear: ReadonlyMap<number, Decimal>;
  readonly damagesByRule: ReadonlyMap<string, Decimal>;
  readonly finesByRule: ReadonlyMap<string, Decimal>;
  readonly recovered: Decimal;
  readonly yearEnd: YearEndSettledData | null;
}

export function initialFold(): BudgetFold {
  return {
    state: initialState(),
    claimed: ZERO,
    refused: ZERO,
    refusedByRule: new Map(),
    coFunded: ZERO,
    withheldTotal: ZERO,
    lateByServiceYear: new Map(),
    damagesByRule: new Map(),
    finesByRule: new Map(),
    recovered: ZERO,
    yearEnd: null,
  };
}

export function foldEvent(fold: BudgetFold, event: HospitalBudgetEvent): BudgetFold {
  const next = { ...fold, state: evolve(fold.state, event) };
  switch (event.type) {
    case 'PrepaymentDisbursed':
      return { ...next, withheldTotal: fold.withheldTotal.plus(event.data.withheldYuan) };
    case 'MonthlySettlementPosted': {
      let refusedByRule = fold.refusedByRule;
      for (const line of event.data.refusals) refusedByRule = added(refusedByRule, line.ruleId, line.refusedYuan);
      return {
        ...next,
        claimed: fold.claimed.plus(event.data.claimedYuan),
        refused: fold.refused.plus(event.data.refusedYuan),
        refusedByRule,
        coFunded: fold.coFunded.plus(event.data.coFunding?.coFundedYuan ?? '0'),
      };
    }
    case 'ClawbackAssessed':
      return event.data.late
        ? { ...next, lateByServiceYear: added(fold.lateByServiceYear, event.data.serviceYear, event.data.amountYuan) }
        : next;
    case 'LiquidatedDamagesAssessed':
      return { ...next, damagesByRule: added(fold.damagesByRule, event.data.ruleId, event.data.amountYuan) };
    case 'FineImposed':
      return { ...next, finesByRule: added(fold.finesByRule, event.data.ruleId, event.data.fineYuan) };
    case 'PenaltyCancelledOnAppeal': {
      // A cancelled penalty no longer counts by rule either (its amount leaves the state's totals).
      const { penaltyKind, ruleId, amountYuan } = event.data;
      if (penaltyKind === 'fine') return { ...next, finesByRule: withdrawn(fold.finesByRule, ruleId, amountYuan) };
      return { ...next, damagesByRule: withdrawn(fold.damagesByRule, ruleId, amountYuan) };
    }
    case 'EventReversed':
      return undoInView(next, event.data.reversed);
    case 'ReceivableRecovered':
      return { ...next, recovered: fold.recovered.plus(event.data.amountYuan) };
    case 'YearEndSettled':
      return { ...next, yearEnd: event.data };
    default:
      return next;
  }
}

export interface FoldPosition {
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly asOfPosition: bigint | null;
}

/** Renders a folded hospital-year (the stream must have at least one event, so the key is known). */
export function renderBudgetView(fold: BudgetFold, at: FoldPosition): HospitalBudgetView {
  const { state } = fold;
  if (state.key === null) throw new Error('a folded budget stream has a key');
  return {
    ...state.key,
    stream: at.stream,
    revision: at.revision.toString(),
    position: at.position.toString(),
    asOfPosition: at.asOfPosition === null ? null : at.asOfPosition.toString(),
    closed: state.closed,
    quota: quotaView(state),
    prepayments: {
      months: sortedNumbers(state.prepaidMonths),
      grossYuan: yuan(state.prepaidGrossYuan),
      netYuan: yuan(state.prepaidNetYuan),
      withheldDepositYuan: yuan(fold.withheldTotal),
      withheldHeldYuan: yuan(state.withheldYuan),
      outstandingYuan: yuan(state.prepaidOutstandingYuan),
    },
    settlements: settlementsView(fold),
    actualYuan: yuan(actualOf(state)),
    clawbacks: {
      inYearYuan: yuan(state.inYearClawbacksYuan),
      priorYearsAssessedHereYuan: yuan(state.lateClawbacksYuan),
      lateByServiceYear: byServiceYear(fold.lateByServiceYear),
    },
    penalties: {
      liquidatedDamagesYuan: yuan(state.liquidatedDamagesYuan),
      liquidatedDamagesByRule: byRule(fold.damagesByRule),
      finesToTreasuryYuan: yuan(state.finesYuan),
      finesByRule: byRule(fold.finesByRule),
    },
    netPaidYuan: yuan(netPaid(fold)),
    receivables: receivablesView(fold),
    scorePoints: state.scorePoints === null ? null : state.scorePoints.toFixed(2),
    yearEnd: fold.yearEnd && {
      effectiveDate: fold.yearEnd.effectiveDate,
      policyVersion: fold.yearEnd.policyVersion,
      inputs: fold.yearEnd.inputs,
      breakdown: fold.yearEnd.breakdown,
      yearEndReceivable: fold.yearEnd.yearEndReceivable,
      heldPaymentOutstandingYuan: yuan(state.heldPayableYuan),
      heldPaymentReleasedOn: state.heldPaymentReleasedOn,
    },
    dueProcess: dueProcessView(state.dueProcess),
  };
}

/** A = approved − in-year clawbacks. */
function actualOf(state: HospitalBudgetState): Decimal {
  return state.approvedYuan.minus(state.inYearClawbacksYuan);
}

function quotaView(state: HospitalBudgetState): QuotaView {
  const quota = currentQuota(state);
  return {
    initialYuan: orNull(state.initialQuotaYuan),
    adjustmentsYuan: yuan(state.adjustmentsYuan),
    carriedInYuan: yuan(state.carriedInYuan),
    carriedInFromYears: sortedNumbers([...state.carriedInFromYears, ...state.manualCarryInFromYears]),
    finalYuan: orNull(quota),
    remainingYuan: quota === null ? null : yuan(quota.minus(actualOf(state))),
    cashRoomYuan: quota === null ? null : yuan(max(ZERO, quota.minus(paidTowardYear(state)))),
  };
}

function settlementsView(fold: BudgetFold): SettlementsView {
  const { state } = fold;
  return {
    months: sortedNumbers(state.settledMonths),
    claimedYuan: yuan(fold.claimed),
    refusedYuan: yuan(fold.refused),
    refusedByRule: [...fold.refusedByRule.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([ruleId, amount]) => ({ ruleId, refusedYuan: yuan(amount) })),
    approvedYuan: yuan(state.approvedYuan),
    coFundedYuan: yuan(fold.coFunded),
    payableYuan: yuan(state.settlementPayableYuan),
    netPaymentsYuan: yuan(state.settlementCashYuan),
    deferredPayableYuan: yuan(state.deferredPayableYuan),
  };
}

function receivablesView(fold: BudgetFold): ReceivablesView {
  const open = openReceivables(fold.state);
  return {
    openYuan: yuan(open.reduce((total, r) => total.plus(r.outstandingYuan), ZERO)),
    open: open.map(
      (r): ReceivableView => ({
        receivableId: r.receivableId,
        kind: r.kind,
        serviceYear: r.serviceYear,
        originalYuan: yuan(r.originalYuan),
        outstandingYuan: yuan(r.outstandingYuan),
        openedOn: r.openedOn,
      }),
    ),
    recoveredYuan: yuan(fold.recovered),
  };
}

/**
 * Cash to the hospital: prepayments net of the deposit, settlement cash and the year-end payment, which
 * includes a held payment only once it is released (held − still outstanding).
 */
function netPaid(fold: BudgetFold): Decimal {
  const yearEnd = fold.yearEnd?.breakdown;
  if (yearEnd === undefined) return fold.state.prepaidNetYuan.plus(fold.state.settlementCashYuan);
  const released = new Decimal(yearEnd.heldPaymentYuan ?? '0').minus(fold.state.heldPayableYuan);
  return fold.state.prepaidNetYuan.plus(fold.state.settlementCashYuan).plus(yearEnd.paymentYuan).plus(released);
}

/** The amount taken off a rule's total; a rule left at zero is dropped (as if never assessed). */
function withdrawn(map: ReadonlyMap<string, Decimal>, key: string, amount: string): ReadonlyMap<string, Decimal> {
  const copy = new Map(map);
  const left = (map.get(key) ?? ZERO).minus(amount);
  if (left.isZero()) copy.delete(key);
  else copy.set(key, left);
  return copy;
}

function added<K>(map: ReadonlyMap<K, Decimal>, key: K, amount: string): ReadonlyMap<K, Decimal> {
  const copy = new Map(map);
  copy.set(key, (map.get(key) ?? ZERO).plus(amount));
  return copy;
}

function byRule(map: ReadonlyMap<string, Decimal>): RuleAmountView[] {
  return [...map.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([ruleId, amount]) => ({ ruleId, amountYuan: yuan(amount) }));
}

function byServiceYear(map: ReadonlyMap<number, Decimal>): ServiceYearAmountView[] {
  return [...map.entries()]
    .sort(([a], [b]) => a - b)
    .map(([serviceYear, amount]) => ({ serviceYear, amountYuan: yuan(amount) }));
}

function sortedNumbers(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

function orNull(amount: Decimal | null): string | null {
  return amount === null ? null : yuan(amount);
}

/** A reversal (红字冲销) takes the reversed event's reader-only figures back out (the state undoes the rest). */
function undoInView(next: BudgetFold, reversed: EventReversedData['reversed']): BudgetFold {
  const less = <K>(map: ReadonlyMap<K, Decimal>, key: K, amount: string) => added(map, key, `-${amount}`);
  switch (reversed.type) {
    case 'PrepaymentDisbursed':
      return { ...next, withheldTotal: next.withheldTotal.minus(reversed.data.withheldYuan) };
    case 'MonthlySettlementPosted': {
      let refusedByRule = next.refusedByRule;
      for (const line of reversed.data.refusals) refusedByRule = less(refusedByRule, line.ruleId, line.refusedYuan);
      return {
        ...next,
        claimed: next.claimed.minus(reversed.data.claimedYuan),
        refused: next.refused.minus(reversed.data.refusedYuan),
        refusedByRule,
        coFunded: next.coFunded.minus(reversed.data.coFunding?.coFundedYuan ?? '0'),
      };
    }
    case 'ClawbackAssessed':
      return reversed.data.late
        ? { ...next, lateByServiceYear: less(next.lateByServiceYear, reversed.data.serviceYear, reversed.data.amountYuan) }
        : next;
    case 'LiquidatedDamagesAssessed':
      return { ...next, damagesByRule: less(next.damagesByRule, reversed.data.ruleId, reversed.data.amountYuan) };
    case 'FineImposed':
      return { ...next, finesByRule: less(next.finesByRule, reversed.data.ruleId, reversed.data.fineYuan) };
    case 'ReceivableRecovered':
      return { ...next, recovered: next.recovered.minus(reversed.data.amountYuan) };
    case 'QuotaAdjusted':
      return next;
  }
}
