import { yuan } from '@ledger/money';
import type { BudgetPolicy, PolicySnapshot } from '../../shared/budget-policy';
import type { DecisionContext } from '../../shared/decider';
import { invariant } from '../../shared/decider';
import { ErrorCodes, rejectRule } from '../../shared/domain-error';
import { accounts, assertBalanced, credit, debit, nonZero, type Posting } from '../../shared/journal';
import type { BudgetStreamKey, CarriedReceivable, YearEndInputsData, YearEndSettled } from '../hospital-budget.events';
import {
  assertEffectiveDate,
  assertOpen,
  eventBase,
  hospitalAccount,
  requireQuota,
  streamKeyOf,
} from '../hospital-budget.guards';
import { parsePolicySnapshot } from '../hospital-budget.policy';
import { evolve, type HospitalBudgetState, openReceivables } from '../hospital-budget.state';
import {
  computeYearEndSettlement,
  toBreakdownData,
  type YearEndBreakdown,
  type YearEndRuleInputs,
} from './year-end-settlement.rule';
import { DueProcessErrorCodes, rejectDueProcess } from '../hospital-budget.due-process.errors';

/**
 * SettleYearEnd (年终考核清算): settles the hospital-year against its quota with the year's policy and score,
 * then closes the stream. The arithmetic is year-end-settlement.rule.ts; this decider gathers the inputs
 * from the stream, records them all in the event (an auditor recomputes from the event alone), posts the
 * result and checks that the year's prepaid, withheld and deferred balances end at zero.
 */
export interface SettleYearEnd extends BudgetStreamKey {
  readonly type: 'SettleYearEnd';
  readonly policy: PolicySnapshot;
  /**
   * The payee's current agreement with the fund was terminated for cause (registry, read by the handler):
   * no deposit is returned, whatever the score, and a positive result is held until a decision releases
   * it (ReleaseHeldYearEndPayment). Absent: false.
   */
  readonly agreementTerminatedForCause?: boolean;
}

/** Deterministic: one year-end per stream, so the id needs no input (and a retried command gets the same id). */
export function yearEndReceivableId(key: BudgetStreamKey): string {
  return `year-end-${key.fundId}-${key.payeeId}-${key.year}`;
}

export function decideSettleYearEnd(
  command: SettleYearEnd,
  state: HospitalBudgetState,
  context: DecisionContext,
): YearEndSettled[] {
  const key = streamKeyOf(command, state);
  assertOpen(state, key);
  const effectiveDate = assertEffectiveDate(context, key.year, 'year_end');
  const { policyVersion, policy } = parsePolicySnapshot(command.policy);
  const quota = requireQuota(state);
  if (state.scorePoints === null) {
    throw rejectRule(
      ErrorCodes.SCORE_MISSING,
      `record the ${key.year} assessment score before the year-end settlement`,
    );
  }
  // An upheld objection pays a supplementary settlement that counts in A: the year cannot close before it.
  const pending = state.dueProcess.objections.filter((objection) => objection.decision === null);
  if (pending.length > 0) {
    throw rejectDueProcess(
      DueProcessErrorCodes.OBJECTION_PENDING,
      `decide the objections to month(s) ${pending.map((o) => o.month).join(', ')} of ${key.year} before the year-end settlement`,
    );
  }
  const ruleInputs: YearEndRuleInputs = {
    quotaYuan: quota,
    approvedYuan: state.approvedYuan,
    inYearClawbacksYuan: state.inYearClawbacksYuan,
    withheldYuan: state.withheldYuan,
    prepaidOutstandingYuan: state.prepaidOutstandingYuan,
    deferredPayableYuan: state.deferredPayableYuan,
    scorePoints: state.scorePoints,
    policy,
    agreementTerminatedForCause: command.agreementTerminatedForCause === true,
  };
  const breakdown = computeYearEndSettlement(ruleInputs);
  const postings = yearEndPostings(key, ruleInputs, breakdown);
  const receivable = breakdown.receivableYuan.gt(0)
    ? { receivableId: yearEndReceivableId(key), amountYuan: yuan(breakdown.receivableYuan) }
    : null;
  const event: YearEndSettled = {
    type: 'YearEndSettled',
    data: {
      ...eventBase(key, effectiveDate),
      policyVersion,
      policy: copyPolicy(command.policy.policy),
      inputs: inputsData(state, ruleInputs, breakdown),
      breakdown: toBreakdownData(breakdown),
      yearEndReceivable: receivable,
      openReceivables: receivablesToCarry(state, receivable, effectiveDate),
      postings,
    },
  };
  assertYearCleared(evolve(state, event));
  return [event];
}

/**
 * Clears the year's balances against the result:
 * E₀ − A (Dr surplus_retained when positive, Cr hospital_overrun_share when negative); Dr withheld_deposit W;
 * Cr deposit_forfeited D; Cr prepaid P; Dr deferred_payable DP; the final balance to cash or receivable,
 * or, when held (agreement terminated for cause), Cr deferred_payable: owed, not paid, until released.
 * Clawbacks deducted from E need no posting: they were expensed as contra (Cr clawbacks) when assessed, and
 * the adjustment E₀ − A no longer pays them back.
 */
function yearEndPostings(key: BudgetStreamKey, inputs: YearEndRuleInputs, b: YearEndBreakdown): Posting[] {
  const fund = key.fundId;
  const adjustment = b.adjustmentYuan;
  const postings = nonZero([
    adjustment.isPositive()
      ? debit(fund, accounts.expense(fund, 'surplus_retained'), adjustment)
      : credit(fund, accounts.expense(fund, 'hospital_overrun_share'), adjustment.negated()),
    debit(fund, hospitalAccount(key, 'withheld_deposit'), inputs.withheldYuan),
    credit(fund, accounts.expense(fund, 'deposit_forfeited'), b.depositForfeitedYuan),
    credit(fund, hospitalAccount(key, 'prepaid'), inputs.prepaidOutstandingYuan),
    debit(fund, hospitalAccount(key, 'deferred_payable'), inputs.deferredPayableYuan),
    debit(fund, hospitalAccount(key, 'receivable'), b.receivableYuan),
    credit(fund, accounts.cash(fund), b.paymentYuan),
    credit(fund, hospitalAccount(key, 'deferred_payable'), b.heldPaymentYuan),
  ]);
  assertBalanced(postings);
  return postings;
}

function inputsData(state: HospitalBudgetState, inputs: YearEndRuleInputs, b: YearEndBreakdown): YearEndInputsData {
  invariant(state.initialQuotaYuan !== null && state.scorePoints !== null, 'quota and score are present');
  return {
    quotaInitialYuan: yuan(state.initialQuotaYuan),
    quotaAdjustmentsYuan: yuan(state.adjustmentsYuan),
    quotaCarriedInYuan: yuan(state.carriedInYuan),
    quotaYuan: yuan(inputs.quotaYuan),
    approvedYuan: yuan(state.approvedYuan),
    inYearClawbacksYuan: yuan(state.inYearClawbacksYuan),
    actualYuan: yuan(b.actualYuan),
    prepaidGrossYuan: yuan(state.prepaidGrossYuan),
    withheldYuan: yuan(inputs.withheldYuan),
    prepaidNetYuan: yuan(state.prepaidNetYuan),
    settlementPayableYuan: yuan(state.settlementPayableYuan),
    settlementCashYuan: yuan(state.settlementCashYuan),
    prepaidOutstandingYuan: yuan(inputs.prepaidOutstandingYuan),
    deferredPayableYuan: yuan(inputs.deferredPayableYuan),
    scorePoints: state.scorePoints.toFixed(2),
    prepaidMonths: [...state.prepaidMonths].sort((x, y) => x - y),
    settledMonths: [...state.settledMonths].sort((x, y) => x - y),
    agreementTerminatedForCause: inputs.agreementTerminatedForCause,
  };
}

/** What the next year's CarryInBalance takes over: every open receivable, the year-end one included. */
function receivablesToCarry(
  state: HospitalBudgetState,
  yearEnd: { receivableId: string; amountYuan: string } | null,
  effectiveDate: string,
): CarriedReceivable[] {
  const open: CarriedReceivable[] = openReceivables(state).map((r) => ({
    receivableId: r.receivableId,
    kind: r.kind,
    serviceYear: r.serviceYear,
    outstandingYuan: yuan(r.outstandingYuan),
    openedOn: r.openedOn,
  }));
  if (yearEnd === null) return open;
  invariant(
    !state.receivables.some((r) => r.receivableId === yearEnd.receivableId),
    'the year-end receivable id is new',
  );
  const year = state.key?.year;
  invariant(year !== undefined, 'a settled stream has a key');
  return [
    ...open,
    {
      receivableId: yearEnd.receivableId,
      kind: 'year_end_settlement',
      serviceYear: year,
      outstandingYuan: yearEnd.amountYuan,
      openedOn: effectiveDate,
    },
  ];
}

/** The event holds its own copy of the policy, never an alias of the caller's (or the default) object. */
function copyPolicy(policy: BudgetPolicy): BudgetPolicy {
  return JSON.parse(JSON.stringify(policy)) as BudgetPolicy;
}

/** TigerStyle: after the event, nothing of this hospital-year is left in prepaid, withheld or deferred. */
function assertYearCleared(after: HospitalBudgetState): void {
  invariant(after.closed, 'the year is closed');
  invariant(after.prepaidOutstandingYuan.isZero(), 'prepaid outstanding is zero after year end');
  invariant(after.withheldYuan.isZero(), 'withheld deposit is zero after year end');
  invariant(after.deferredPayableYuan.isZero(), 'deferred payable is zero after year end');
}
