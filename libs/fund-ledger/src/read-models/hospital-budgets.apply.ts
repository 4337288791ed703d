import type { RecordedEvent } from '@ledger/event-store';
import { Decimal, ZERO } from '@ledger/money';
import { invariant } from '../shared/decider';
import type {
  AssessmentScoredData,
  BalanceCarriedInData,
  ClawbackAssessedData,
  FineImposedData,
  LiquidatedDamagesAssessedData,
  MonthlySettlementPostedData,
  PrepaymentDisbursedData,
  QuotaAdjustedData,
  QuotaSetData,
  ReceivableKind,
  ReceivableRecoveredData,
  YearEndSettledData,
} from '../hospital-budget/hospital-budget.events';
import { addInto, amount, dataOf, recordedAtOf } from './read-model-support';
import {
  describeRow as describe,
  quotaOf,
  receivableKey,
  rowOf,
  YEAR_END_AMOUNTS,
  type HospitalBudgetsState,
  type HospitalYearRow,
  type ReceivableRecord,
  type YearEndAmount,
} from './hospital-budgets.rows';

/**
 * The fold of the hospital-budgets read model: one budget event onto the rows, in place. Every amount is
 * re-checked where it is projected (the parts of a settlement add up, a receivable never goes below zero).
 */
export const BUDGET_EVENT_TYPES = new Set([
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
