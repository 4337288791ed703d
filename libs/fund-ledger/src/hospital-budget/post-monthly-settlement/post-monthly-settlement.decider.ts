import { allocate, Decimal, max, min, roundFen, sum, yuan, ZERO } from '@ledger/money';
import type { PolicySnapshot } from '../../shared/budget-policy';
import type { DecisionContext } from '../../shared/decider';
import { invariant } from '../../shared/decider';
import { ErrorCodes, invalidField, rejectRule } from '../../shared/domain-error';
import { accounts, assertBalanced, credit, debit, nonZero, type Posting, TREASURY_FUND } from '../../shared/journal';
import { HospitalBudgetErrorCodes, rejectLocalRule } from '../hospital-budget.errors';
import type {
  AgreementFact,
  BudgetStreamKey,
  CoFundingSplit,
  MonthlySettlementPosted,
  ReceivableOffset,
  RefusalLine,
} from '../hospital-budget.events';
import {
  assertAgreementActive,
  assertCoFundKind,
  assertEffectiveDate,
  assertOpen,
  assertPooledFund,
  type FundKindFact,
  eventBase,
  hospitalAccount,
  requireQuota,
  streamKeyOf,
} from '../hospital-budget.guards';
import {
  addCalendarMonths,
  arrayInput,
  booleanInput,
  decimalInput,
  firstDayOfMonth,
  idInput,
  monthInput,
  optionalText,
  yuanInput,
} from '../hospital-budget.inputs';
import { parsePolicySnapshot } from '../hospital-budget.policy';
import { type HospitalBudgetState, openReceivables, paidTowardYear } from '../hospital-budget.state';

/**
 * PostMonthlySettlement (按月审核支付): the audited claim of one month, once per month (corrections come as
 * clawbacks). Refusals (拒付, amplified 放大拒付) reduce the payable before payment. A co-funded claim (WE-12)
 * is split; only the stream fund's part counts in this budget. That part then goes, in order:
 *   1. against the prepayments still outstanding;
 *   2. to payable now, up to the room left under the quota (超总控 cash cap); the rest is deferred
 *      (owed, cleared at year end);
 *   3. from payable now, open receivables are offset oldest first (扣除当月); the rest is paid in cash.
 */
export interface RefusalInput {
  readonly ruleId: string;
  readonly caseRef?: string;
  readonly baseYuan: string;
  /** Decimal string 1..10: 1 with includesBase = a plain refusal. */
  readonly multiplier: string;
  readonly includesBase: boolean;
  readonly note?: string;
}

export interface CoFundingInput {
  readonly fundId: string;
  /** The co-fund's share, e.g. "0.30" (medical assistance in WE-12). */
  readonly ratio: string;
}

export interface PostMonthlySettlement extends BudgetStreamKey {
  readonly type: 'PostMonthlySettlement';
  readonly month: number;
  readonly claimedYuan: string;
  readonly refusals: readonly RefusalInput[];
  readonly coFunding?: CoFundingInput | null;
  readonly agreement: AgreementFact | null;
  readonly policy: PolicySnapshot;
  /** The fund's kind (registry, read by the handler): settlements only on a pooled fund. */
  readonly fundKind?: FundKindFact;
  /** The co-fund's kind (registry; 'treasury' for the treasury memorandum): it must be one that may co-pay. */
  readonly coFundKind?: FundKindFact;
}

export const MAX_REFUSALS = 500;
/** The largest multiple in the sources: 10× for a phantom bed without record (R-ENF-7). */
export const MAX_REFUSAL_MULTIPLIER = '10';

export function decidePostMonthlySettlement(
  command: PostMonthlySettlement,
  state: HospitalBudgetState,
  context: DecisionContext,
): MonthlySettlementPosted[] {
  const key = streamKeyOf(command, state);
  assertPooledFund(command.fundKind, key.fundId);
  assertOpen(state, key);
  const effectiveDate = assertEffectiveDate(context, key.year, 'settlement');
  const month = monthInput(command.month);
  assertMonthEnded(key.year, month, effectiveDate);
  const claimed = yuanInput(command.claimedYuan, 'claimedYuan', 'non_negative');
  const refusals = refusalLines(command.refusals);
  const coFunding = coFundingInput(command.coFunding, key.fundId);
  if (coFunding !== null) assertCoFundKind(command.coFundKind, coFunding.fundId);
  const { policyVersion } = parsePolicySnapshot(command.policy);
  const quota = requireQuota(state);
  const agreement = assertAgreementActive(command.agreement, effectiveDate);
  if (state.settledMonths.includes(month)) {
    throw rejectRule(
      ErrorCodes.MONTH_ALREADY_SETTLED,
      `month ${month} of ${key.year} is already settled; correct it with a clawback`,
      'month',
    );
  }
  const refused = sum(refusals.map((r) => new Decimal(r.refusedYuan)));
  if (refused.gt(claimed)) {
    throw rejectRule(
      ErrorCodes.REFUSAL_EXCEEDS_CLAIM,
      `refusals of ${yuan(refused)} exceed the claim of ${yuan(claimed)}; assess the amplified part beyond the claim as liquidated damages (AssessLiquidatedDamages)`,
      'refusals',
    );
  }
  const approved = claimed.minus(refused);
  const split = splitCoFunding(approved, coFunding);
  const offsets = settleAgainstBudget(split.primary, quota, state);
  const postings = settlementPostings(key, split, offsets);
  return [
    {
      type: 'MonthlySettlementPosted',
      data: {
        ...eventBase(key, effectiveDate),
        month,
        claimedYuan: yuan(claimed),
        refusals,
        refusedYuan: yuan(refused),
        approvedYuan: yuan(approved),
        coFunding: split.coFunding,
        primaryApprovedYuan: yuan(split.primary),
        prepaidOffsetYuan: yuan(offsets.prepaidOffset),
        quotaYuan: yuan(quota),
        paidTowardYearBeforeYuan: yuan(offsets.paidBefore),
        roomYuan: yuan(offsets.room),
        payableYuan: yuan(offsets.payable),
        deferredYuan: yuan(offsets.deferred),
        receivableOffsets: offsets.receivableOffsets,
        receivableOffsetYuan: yuan(offsets.receivableOffset),
        netPaymentYuan: yuan(offsets.netPayment),
        policyVersion,
        agreement,
        postings,
      },
    },
  ];
}

/** A month is settled from its statement (due by the 5th of the next month, R-PAY-3): never before it ends. */
function assertMonthEnded(year: number, month: number, effectiveDate: string): void {
  const monthEnd = addCalendarMonths(firstDayOfMonth(year, month), 1);
  if (effectiveDate < monthEnd) {
    throw rejectLocalRule(
      HospitalBudgetErrorCodes.MONTH_NOT_ENDED,
      `month ${month} of ${year} can be settled from ${monthEnd}, not on ${effectiveDate}`,
      'effectiveDate',
    );
  }
}

/** WE-9: includesBase ? base × m : base + base × m, each product half-up to the fen. */
export function refusedAmount(base: Decimal, multiplier: Decimal, includesBase: boolean): Decimal {
  const multiple = roundFen(base.times(multiplier));
  return includesBase ? multiple : base.plus(multiple);
}

function refusalLines(value: unknown): RefusalLine[] {
  return arrayInput(value, 'refusals', MAX_REFUSALS).map((raw, i) => {
    const field = `refusals[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw invalidField(field, 'must be an object');
    const r = raw as RefusalInput;
    const base = yuanInput(r.baseYuan, `${field}.baseYuan`);
    const multiplier = decimalInput(r.multiplier, `${field}.multiplier`, '1', MAX_REFUSAL_MULTIPLIER);
    const includesBase = booleanInput(r.includesBase, `${field}.includesBase`);
    return {
      ruleId: idInput(r.ruleId, `${field}.ruleId`),
      caseRef: optionalText(r.caseRef, `${field}.caseRef`, 100),
      baseYuan: yuan(base),
      multiplier: r.multiplier,
      includesBase,
      refusedYuan: yuan(refusedAmount(base, multiplier, includesBase)),
      note: optionalText(r.note, `${field}.note`),
    };
  });
}

function coFundingInput(
  value: CoFundingInput | null | undefined,
  streamFundId: string,
): { fundId: string; ratio: Decimal; raw: string } | null {
  if (value === undefined || value === null) return null;
  const fundId = idInput(value.fundId, 'coFunding.fundId');
  if (fundId === streamFundId) {
    throw invalidField('coFunding.fundId', 'the co-fund must be another fund than the one this budget belongs to');
  }
  // The treasury memorandum is refused whatever kind the caller read (422 CO_FUND_KIND_NOT_ALLOWED).
  if (fundId === TREASURY_FUND) assertCoFundKind('treasury', fundId);
  const ratio = decimalInput(value.ratio, 'coFunding.ratio', '0', '1');
  if (ratio.isZero() || ratio.equals(1)) throw invalidField('coFunding.ratio', 'must be strictly between 0 and 1');
  return { fundId, ratio, raw: value.ratio };
}

interface CoFundedSplit {
  readonly primary: Decimal;
  readonly coFunded: Decimal;
  readonly coFunding: CoFundingSplit | null;
}

/** WE-12: allocate(approved, [1 − ratio, ratio]) so the two parts add up to the fen. */
function splitCoFunding(approved: Decimal, coFunding: ReturnType<typeof coFundingInput>): CoFundedSplit {
  if (coFunding === null) return { primary: approved, coFunded: ZERO, coFunding: null };
  const [primary, coFunded] = allocate(approved, [new Decimal(1).minus(coFunding.ratio), coFunding.ratio]) as [
    Decimal,
    Decimal,
  ];
  return {
    primary,
    coFunded,
    coFunding: {
      fundId: coFunding.fundId,
      ratio: coFunding.raw,
      primaryYuan: yuan(primary),
      coFundedYuan: yuan(coFunded),
    },
  };
}

interface BudgetOffsets {
  readonly prepaidOffset: Decimal;
  readonly paidBefore: Decimal;
  readonly room: Decimal;
  readonly payable: Decimal;
  readonly deferred: Decimal;
  readonly receivableOffsets: ReceivableOffset[];
  readonly receivableOffset: Decimal;
  readonly netPayment: Decimal;
}

function settleAgainstBudget(primary: Decimal, quota: Decimal, state: HospitalBudgetState): BudgetOffsets {
  const prepaidOffset = min(primary, state.prepaidOutstandingYuan);
  const remainder = primary.minus(prepaidOffset);
  const paidBefore = paidTowardYear(state);
  const room = max(ZERO, quota.minus(paidBefore));
  const payable = min(remainder, room);
  const deferred = remainder.minus(payable);
  const receivableOffsets = offsetReceivables(payable, state);
  const receivableOffset = sum(receivableOffsets.map((o) => new Decimal(o.amountYuan)));
  const netPayment = payable.minus(receivableOffset);
  invariant(
    prepaidOffset.plus(deferred).plus(receivableOffset).plus(netPayment).equals(primary),
    'settlement parts add up',
  );
  invariant(!netPayment.isNegative() && !deferred.isNegative(), 'settlement parts are never negative');
  invariant(paidBefore.plus(payable).lte(max(quota, paidBefore)), 'settlement cash never passes the quota');
  return { prepaidOffset, paidBefore, room, payable, deferred, receivableOffsets, receivableOffset, netPayment };
}

/** Oldest first (openedOn, then id), each up to its outstanding amount. */
function offsetReceivables(available: Decimal, state: HospitalBudgetState): ReceivableOffset[] {
  const offsets: ReceivableOffset[] = [];
  let left = available;
  for (const receivable of openReceivables(state)) {
    if (left.isZero()) break;
    const amount = min(left, receivable.outstandingYuan);
    offsets.push({ receivableId: receivable.receivableId, amountYuan: yuan(amount) });
    left = left.minus(amount);
  }
  return offsets;
}

function settlementPostings(key: BudgetStreamKey, split: CoFundedSplit, o: BudgetOffsets): Posting[] {
  const fund = key.fundId;
  const postings = [
    debit(fund, accounts.expense(fund, 'settlements'), split.primary),
    credit(fund, hospitalAccount(key, 'prepaid'), o.prepaidOffset),
    credit(fund, hospitalAccount(key, 'deferred_payable'), o.deferred),
    credit(fund, hospitalAccount(key, 'receivable'), o.receivableOffset),
    credit(fund, accounts.cash(fund), o.netPayment),
  ];
  if (split.coFunding !== null) {
    // The co-fund pays its part directly; balanced within that fund, so no value crosses funds (R-ACC-1).
    const coFund = split.coFunding.fundId;
    postings.push(debit(coFund, accounts.expense(coFund, 'settlements'), split.coFunded));
    postings.push(credit(coFund, accounts.cash(coFund), split.coFunded));
  }
  const kept = nonZero(postings);
  assertBalanced(kept);
  return kept;
}
