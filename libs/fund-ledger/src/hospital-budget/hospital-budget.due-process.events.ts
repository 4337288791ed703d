import type { DomainEvent } from '../shared/decider';
import type { Posting } from '../shared/journal';

/**
 * Due process for hospitals (issue #14 §2, R-PAY-4): an objection (异议) to a monthly settlement's audit
 * opinion, the agency's decision on it, the supplementary settlement (补充结算) that pays what an upheld
 * objection overturns, and the cancellation on appeal of liquidated damages (违约金) or a fine (罚款).
 * Same conventions as hospital-budget.events.ts: yuan strings with two places, null for absent values.
 * Kept apart from it for size, and without importing it (the union there includes these): the shapes it
 * shares are repeated here field for field.
 */
interface BudgetEventBase {
  readonly fundId: string;
  readonly payeeId: string;
  readonly year: number;
  /** The business date of the decision, YYYY-MM-DD. */
  readonly effectiveDate: string;
}

/** As AgreementFact in hospital-budget.events.ts. */
interface AgreementFact {
  readonly status: 'active' | 'suspended' | 'terminated';
  readonly validFrom: string;
  readonly validTo: string;
}

/** As CoFundingSplit in hospital-budget.events.ts: the co-fund pays its share of the month directly. */
interface CoFundingSplit {
  readonly fundId: string;
  readonly ratio: string;
  readonly primaryYuan: string;
  readonly coFundedYuan: string;
}

/** One refusal line of the settlement an objection contests: its index in the settlement's refusals. */
export interface ObjectedLine {
  readonly line: number;
  readonly ruleId: string;
  readonly caseRef: string | null;
  readonly refusedYuan: string;
}

export interface ObjectionFiledData extends BudgetEventBase {
  /** One per settlement month: objectionIdOf(year, month). */
  readonly objectionId: string;
  readonly month: number;
  /** The settlement's statement date (its effectiveDate unless it records another). */
  readonly statementDate: string;
  /** The policy's window, calendar days, the last included (R-PAY-4, default 5). */
  readonly windowDays: number;
  /** statementDate + windowDays: the last day an objection is accepted. */
  readonly deadline: string;
  readonly lines: readonly ObjectedLine[];
  readonly contestedYuan: string;
  readonly reason: string;
  readonly policyVersion: string;
}

/** A contested line the decision overturns, in full or in part. */
export interface OverturnedLine extends ObjectedLine {
  readonly overturnedYuan: string;
}

export type ObjectionDecision = 'upheld' | 'rejected';

export interface ObjectionDecidedData extends BudgetEventBase {
  readonly objectionId: string;
  readonly month: number;
  readonly decision: ObjectionDecision;
  /** Empty when rejected. */
  readonly overturned: readonly OverturnedLine[];
  readonly overturnedYuan: string;
  /** The agency's written decision (审核复核意见书 number). */
  readonly decisionRef: string;
  readonly reason: string;
}

/**
 * 补充结算: pays the overturned part of a month's refusals, within the quota's cash cap like any settlement
 * (payable up to the room left under the quota; the rest deferred to the year end). Counts in the year's
 * approved amount, so in the audited actual A. Postings: Dr expense:settlements / Cr cash and deferred
 * payable (and, for a co-funded month, the co-fund's own share in the co-fund, as the month was split).
 */
export interface SupplementarySettlementPostedData extends BudgetEventBase {
  readonly supplementaryId: string;
  readonly objectionId: string;
  readonly month: number;
  readonly lines: readonly OverturnedLine[];
  readonly amountYuan: string;
  readonly coFunding: CoFundingSplit | null;
  /** The stream fund's part (counts in this budget). */
  readonly primaryYuan: string;
  readonly quotaYuan: string;
  readonly paidTowardYearBeforeYuan: string;
  readonly roomYuan: string;
  /** Paid now (cash): counts toward the year's cash cap. */
  readonly payableYuan: string;
  /** Owed but held back by the cash cap; cleared at year end. */
  readonly deferredYuan: string;
  readonly netPaymentYuan: string;
  readonly policyVersion: string;
  readonly agreement: AgreementFact;
  readonly postings: readonly Posting[];
}

export type PenaltyKind = 'liquidated_damages' | 'fine';
export const PENALTY_KINDS: readonly PenaltyKind[] = ['liquidated_damages', 'fine'];

/**
 * A penalty cancelled on appeal (复议/诉讼撤销): its postings exactly negated (each line on the other side,
 * same amount), so the receivable (违约金) or the treasury memorandum (罚款) is as if it was never assessed.
 */
export interface PenaltyCancelledOnAppealData extends BudgetEventBase {
  readonly penaltyKind: PenaltyKind;
  /** The receivableId of the damages, or the fineId. */
  readonly penaltyId: string;
  readonly amountYuan: string;
  readonly ruleId: string;
  readonly serviceYear: number;
  /** The effective date of the assessment cancelled. */
  readonly assessedOn: string;
  /** The appeal decision (行政复议决定书 / 判决书 number). */
  readonly decisionRef: string;
  readonly reason: string;
  readonly postings: readonly Posting[];
}

export type ObjectionFiled = DomainEvent<'ObjectionFiled', ObjectionFiledData>;
export type ObjectionDecided = DomainEvent<'ObjectionDecided', ObjectionDecidedData>;
export type SupplementarySettlementPosted = DomainEvent<'SupplementarySettlementPosted', SupplementarySettlementPostedData>;
export type PenaltyCancelledOnAppeal = DomainEvent<'PenaltyCancelledOnAppeal', PenaltyCancelledOnAppealData>;

export type DueProcessEvent = ObjectionFiled | ObjectionDecided | SupplementarySettlementPosted | PenaltyCancelledOnAppeal;
