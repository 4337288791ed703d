import { type Decimal, yuan } from '@ledger/money';
import type { PolicySnapshot } from '../shared/budget-policy';
import type { DecisionContext } from '../shared/decider';
import { invariant } from '../shared/decider';
import type { Posting } from '../shared/journal';
import type { AgreementFact, BudgetStreamKey } from '../hospital-budget/hospital-budget.events';
import type { FundKindFact } from '../hospital-budget/hospital-budget.guards';
import type { MethodBudgetEffect } from '../hospital-budget/method-settlement.events';
import type { HospitalBudgetState } from '../hospital-budget/hospital-budget.state';
import { decidePostMonthlySettlement } from '../hospital-budget/post-monthly-settlement/post-monthly-settlement.decider';

/** What a payment decision reads from other streams (the handler's HospitalBudgetStreams.paymentFacts). */
export interface MethodPaymentFacts {
  readonly agreement: AgreementFact | null;
  readonly policy: PolicySnapshot;
  readonly fundKind?: FundKindFact;
}

export interface BudgetCharge {
  readonly effectiveDate: string;
  readonly policyVersion: string;
  readonly budget: MethodBudgetEffect;
  readonly postings: readonly Posting[];
}

/**
 * Charges a method amount to the hospital-year by the monthly settlement's own rule, not a copy of it: the
 * amount is decided as a settlement of `month` with no refusals and no co-fund, so it gets the same checks
 * (pooled fund, open year, settlement date window, month ended, quota set, agreement active) and the same
 * split (against outstanding prepayments, then payable up to the quota's cash cap 超总控 and deferred beyond
 * it, open receivables offset oldest first, the rest cash) and postings (Dr expense:settlements). The
 * month's global settlement is not this one, so "month already settled" is left out (settledMonths: []).
 */
export function chargeBudget(
  key: BudgetStreamKey,
  month: number,
  amount: Decimal,
  facts: MethodPaymentFacts,
  state: HospitalBudgetState,
  context: DecisionContext,
): BudgetCharge {
  const [settled] = decidePostMonthlySettlement(
    {
      type: 'PostMonthlySettlement',
      ...key,
      month,
      claimedYuan: yuan(amount),
      refusals: [],
      coFunding: null,
      agreement: facts.agreement,
      policy: facts.policy,
      ...(facts.fundKind === undefined ? {} : { fundKind: facts.fundKind }),
    },
    { ...state, settledMonths: [] },
    context,
  );
  invariant(settled !== undefined && settled.data.coFunding === null, 'a method charge is one plain settlement');
  const d = settled.data;
  return {
    effectiveDate: d.effectiveDate,
    policyVersion: d.policyVersion,
    budget: {
      approvedYuan: d.primaryApprovedYuan,
      quotaYuan: d.quotaYuan,
      paidTowardYearBeforeYuan: d.paidTowardYearBeforeYuan,
      roomYuan: d.roomYuan,
      prepaidOffsetYuan: d.prepaidOffsetYuan,
      payableYuan: d.payableYuan,
      deferredYuan: d.deferredYuan,
      receivableOffsets: d.receivableOffsets,
      receivableOffsetYuan: d.receivableOffsetYuan,
      netPaymentYuan: d.netPaymentYuan,
    },
    postings: d.postings,
  };
}
