import { allocate, Decimal, max, min, yuan, ZERO } from '@ledger/money';
import { invariant } from '../../shared/decider';
import { accounts, assertBalanced, credit, debit, nonZero, type Posting } from '../../shared/journal';
import type { AuditOpinion } from '../hospital-budget.due-process.state';
import type { BudgetStreamKey, CoFundingSplit } from '../hospital-budget.events';
import { hospitalAccount } from '../hospital-budget.guards';

/**
 * The cash cap every settlement obeys (超总控, as PostMonthlySettlement's step 2): of what is owed now,
 * pay up to the room left under the quota (quota − prepaid gross − settlement payable so far); the rest
 * is deferred (owed, cleared at year end). Never negative, and never lifts the cash paid past the quota.
 */
export interface CashCapSplit {
  readonly paidBefore: Decimal;
  readonly room: Decimal;
  readonly payable: Decimal;
  readonly deferred: Decimal;
}

export function cashCapSplit(owed: Decimal, quota: Decimal, paidBefore: Decimal): CashCapSplit {
  const room = max(ZERO, quota.minus(paidBefore));
  const payable = min(owed, room);
  const deferred = owed.minus(payable);
  invariant(!payable.isNegative() && !deferred.isNegative(), 'cash-cap parts are never negative');
  invariant(paidBefore.plus(payable).lte(max(quota, paidBefore)), 'settlement cash never passes the quota');
  return { paidBefore, room, payable, deferred };
}

export interface SupplementarySplit {
  readonly primary: Decimal;
  readonly coFunded: Decimal;
  readonly coFunding: CoFundingSplit | null;
}

/** A co-funded month is split again by its ratio (WE-12, largest remainder), so each fund pays its own share. */
export function splitLikeTheMonth(amount: Decimal, opinion: AuditOpinion): SupplementarySplit {
  if (opinion.coFunding === null) return { primary: amount, coFunded: ZERO, coFunding: null };
  const ratio = new Decimal(opinion.coFunding.ratio);
  const [primary, coFunded] = allocate(amount, [new Decimal(1).minus(ratio), ratio]) as [Decimal, Decimal];
  return {
    primary,
    coFunded,
    coFunding: { fundId: opinion.coFunding.fundId, ratio: opinion.coFunding.ratio, primaryYuan: yuan(primary), coFundedYuan: yuan(coFunded) },
  };
}

/** Dr expense:settlements / Cr cash (paid now) and hospital deferred payable; the co-fund's share in the co-fund. */
export function supplementaryPostings(key: BudgetStreamKey, split: SupplementarySplit, cap: CashCapSplit): Posting[] {
  const fund = key.fundId;
  const postings = [
    debit(fund, accounts.expense(fund, 'settlements'), split.primary),
    credit(fund, accounts.cash(fund), cap.payable),
    credit(fund, hospitalAccount(key, 'deferred_payable'), cap.deferred),
  ];
  if (split.coFunding !== null) {
    const coFund = split.coFunding.fundId;
    postings.push(debit(coFund, accounts.expense(coFund, 'settlements'), split.coFunded));
    postings.push(credit(coFund, accounts.cash(coFund), split.coFunded));
  }
  const kept = nonZero(postings);
  assertBalanced(kept);
  return kept;
}
