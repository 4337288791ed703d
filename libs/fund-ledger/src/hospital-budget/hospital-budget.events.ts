import type { BudgetPolicy, ClawbackTreatment, RetentionMode } from '../shared/budget-policy';
import type { DomainEvent } from '../shared/decider';
import type { Posting } from '../shared/journal';
import type { PaymentMethodEvent } from './method-settlement.events';
import type { DueProcessEvent } from './hospital-budget.due-process.events';
import type { ReversalFacts } from '../shared/reversal-facts';

export * from './method-settlement.events';
export * from './hospital-budget.due-process.events';

/**
 * Events of one hospital's global budget for one fund and budget year (stream `budget-{fundId}-{payeeId}-{year}`).
 * Every event repeats the stream key and the business date, so a projection can use an event alone.
 * Amounts are yuan strings with exactly two places; absent values are null (never undefined) so the
 * JSON written to the store reads back identical.
 */
export interface BudgetStreamKey {
  readonly fundId: string;
  readonly payeeId: string;
  readonly year: number;
}

export interface BudgetEventBase extends BudgetStreamKey {
  /** The business date of the decision, YYYY-MM-DD. */
  readonly effectiveDate: string;
}

export type QuotaMethod = 'manual' | 'allocation_run';

export type QuotaAdjustmentReason =
  | 'normal_overrun_increase' // R-BUD-9: 正常超定额, quota raised on application
  | 'violation_downgrade' // R-BUD-11: 结算指标下浮 5–10%
  | 'carry_in' // a prior year's credit applied by hand (the automatic path is BalanceCarriedIn)
  | 'allocation_supersede' // a later allocation run replaces the amount
  | 'correction';

export type AdjustmentDirection = 'increase' | 'decrease';

/** Receivables from the hospital (money it owes the fund). */
export type ReceivableKind = 'clawback' | 'liquidated_damages' | 'year_end_settlement';

/** The agreement facts a payment decision relied on (read by the handler from the registry). */
export interface AgreementFact {
  readonly status: 'active' | 'suspended' | 'terminated';
  readonly validFrom: string;
  readonly validTo: string;
}

export interface QuotaSetData extends BudgetEventBase {
  readonly quotaYuan: string;
  readonly method: QuotaMethod;
  readonly runId: string | null;
  /** The allocation inputs (3-year history, factors…) so an auditor can recompute the quota. */
  readonly basis: Readonly<Record<string, unknown>> | null;
  /** Credits carried in before the quota was set; the current quota is quotaYuan + carriedInYuan. */
  readonly carriedInYuan: string;
  readonly currentQuotaYuan: string;
}

export interface QuotaAdjustedData extends BudgetEventBase {
  readonly reason: QuotaAdjustmentReason;
  readonly direction: AdjustmentDirection;
  readonly previousQuotaYuan: string;
  /** Signed: "-1800000.00" for a decrease. */
  readonly deltaYuan: string;
  readonly newQuotaYuan: string;
  readonly inputs: {
    readonly amountYuan: string | null;
    readonly downgradePercent: string | null;
    readonly fromYear: number | null;
  };
  /** Prepaid gross + settlement payable at the time: the floor the new quota was checked against. */
  readonly paidTowardYearYuan: string;
  readonly note: string;
}

export interface PrepaymentDisbursedData extends BudgetEventBase {
  readonly month: number;
  readonly grossYuan: string;
  readonly withholdRate: string;
  readonly withheldYuan: string;
  readonly netYuan: string;
  readonly policyVersion: string;
  readonly quotaYuan: string;
  /** Including this prepayment. */
  readonly prepaidGrossToDateYuan: string;
  /** Prepaid gross + settlement payable, including this prepayment (never above quotaYuan). */
  readonly paidTowardYearYuan: string;
  readonly agreement: AgreementFact;
  readonly postings: readonly Posting[];
}

export interface RefusalLine {
  readonly ruleId: string;
  readonly caseRef: string | null;
  readonly baseYuan: string;
  readonly multiplier: string;
  /** true: refused = base × m (the multiple includes the case); false: refused = base + base × m (WE-9). */
  readonly includesBase: boolean;
  readonly refusedYuan: string;
  readonly note: string | null;
}

export interface CoFundingSplit {
  readonly fundId: string;
  readonly ratio: string;
  /** The stream fund's part (counts in this hospital-year's budget). */
  readonly primaryYuan: string;
  /** Paid directly by the co-fund, outside this budget. */
  readonly coFundedYuan: string;
}

export interface ReceivableOffset {
  readonly receivableId: string;
  readonly amountYuan: string;
}

export interface MonthlySettlementPostedData extends BudgetEventBase {
  readonly month: number;
  readonly claimedYuan: string;
  readonly refusals: readonly RefusalLine[];
  readonly refusedYuan: string;
  readonly approvedYuan: string;
  readonly coFunding: CoFundingSplit | null;
  readonly primaryApprovedYuan: string;
  readonly prepaidOffsetYuan: string;
  readonly quotaYuan: string;
  /** Prepaid gross + settlement payable before this settlement (the 超总控 cash already toward the year). */
  readonly paidTowardYearBeforeYuan: string;
  readonly roomYuan: string;
  /** Payable now (cash + receivable offsets); counts toward the year's cash cap. */
  readonly payableYuan: string;
  /** Owed to the hospital but held back by the cash cap; cleared at year end. */
  readonly deferredYuan: string;
  readonly receivableOffsets: readonly ReceivableOffset[];
  readonly receivableOffsetYuan: string;
  readonly netPaymentYuan: string;
  readonly policyVersion: string;
  readonly agreement: AgreementFact;
  readonly postings: readonly Posting[];
  /** When the audit opinion reached the hospital, if not the effective date: its objection window starts here. */
  readonly statementDate?: string;
}

export interface ClawbackAssessedData extends BudgetEventBase {
  readonly receivableId: string;
  readonly amountYuan: string;
  readonly serviceYear: number;
  /** true: concerns an earlier, closed year; posted to prior-year recoveries, not against this year's actual. */
  readonly late: boolean;
  readonly caseRef: string;
  readonly reason: string;
  readonly ruleId: string | null;
  readonly postings: readonly Posting[];
}

export interface RecoveryAllocation {
  readonly receivableId: string;
  readonly amountYuan: string;
  readonly outstandingAfterYuan: string;
}

export interface ReceivableRecoveredData extends BudgetEventBase {
  readonly method: 'repayment';
  readonly amountYuan: string;
  /** The receivable named in the command, or null when allocated oldest first. */
  readonly requestedReceivableId: string | null;
  readonly allocations: readonly RecoveryAllocation[];
  readonly postings: readonly Posting[];
}

export interface LiquidatedDamagesAssessedData extends BudgetEventBase {
  readonly receivableId: string;
  /** The budget year the penalty concerns; earlier than `year` when posted late to the open period. */
  readonly serviceYear: number;
  readonly late: boolean;
  readonly baseYuan: string;
  readonly multiplier: string;
  readonly amountYuan: string;
  readonly ruleId: string;
  readonly caseRef: string;
  readonly reason: string;
  readonly postings: readonly Posting[];
}

export interface FineImposedData extends BudgetEventBase {
  readonly fineId: string;
  /** The budget year the penalty concerns; earlier than `year` when posted late to the open period. */
  readonly serviceYear: number;
  readonly late: boolean;
  readonly baseYuan: string;
  readonly multiplier: string;
  readonly fineYuan: string;
  readonly ruleId: string;
  readonly caseRef: string;
  readonly decisionRef: string;
  /** Fines (罚款) belong to the treasury, never to fund income. */
  readonly destination: 'treasury';
  readonly postings: readonly Posting[];
}

export interface ScoreComponentLine {
  readonly name: string;
  readonly weight: string;
  readonly scorePoints: string;
  /** weight × score, unrounded (at most 10 places), so the sum can be checked. */
  readonly weightedPoints: string;
}

export interface AssessmentScoredData extends BudgetEventBase {
  readonly scorePoints: string;
  readonly components: readonly ScoreComponentLine[] | null;
  /** The score this one replaces (re-scoring before close), or null. */
  readonly previousScorePoints: string | null;
}

export interface TierSplitData {
  readonly tier: number;
  readonly upToQuotaRatio: string | null;
  /** Cumulative bound = ratio × Q (rounded to the fen), null for the open-ended tier. */
  readonly boundYuan: string | null;
  readonly amountYuan: string;
  /** The policy share for this tier (fundShare or retainedShare). */
  readonly share: string;
  /** Overrun: the fund's part. Surplus: the retained part. */
  readonly shareYuan: string;
  /** Overrun: the hospital's part. Surplus: the part not retained. */
  readonly restYuan: string;
}

export interface YearEndInputsData {
  readonly quotaInitialYuan: string;
  readonly quotaAdjustmentsYuan: string;
  readonly quotaCarriedInYuan: string;
  /** Q */
  readonly quotaYuan: string;
  readonly approvedYuan: string;
  readonly inYearClawbacksYuan: string;
  /**
   * A, measured against Q: approved − in-year clawbacks under reduce_actual; approved (gross of the
   * clawbacks, which are deducted from E instead) under deduct_from_entitlement (breakdown.clawbackTreatment).
   */
  readonly actualYuan: string;
  readonly prepaidGrossYuan: string;
  /** W */
  readonly withheldYuan: string;
  readonly prepaidNetYuan: string;
  readonly settlementPayableYuan: string;
  readonly settlementCashYuan: string;
  /** P */
  readonly prepaidOutstandingYuan: string;
  /** DP */
  readonly deferredPayableYuan: string;
  readonly scorePoints: string;
  readonly prepaidMonths: readonly number[];
  readonly settledMonths: readonly number[];
  /**
   * The payee's current agreement with the fund was terminated for cause (registry): no deposit returned,
   * a positive result held. Absent on events recorded before the rule existed (read as false).
   */
  readonly agreementTerminatedForCause?: boolean;
}

export interface YearEndBreakdownData {
  /**
   * The treatment applied, and where it came from: 'policy' when the policy names it, 'missing_field' when
   * the policy was recorded without it (read as reduce_actual, today's answers). Absent on events recorded
   * before the parameter existed, which all applied reduce_actual.
   */
  readonly clawbackTreatment?: ClawbackTreatment;
  readonly clawbackTreatmentSource?: 'policy' | 'missing_field';
  readonly overrunYuan: string;
  readonly overrunTiers: readonly TierSplitData[];
  readonly fundOverrunShareYuan: string;
  readonly hospitalOverrunShareYuan: string;
  readonly surplusYuan: string;
  readonly surplusTiers: readonly TierSplitData[];
  readonly retainedYuan: string;
  readonly notRetainedYuan: string;
  readonly retentionMode: RetentionMode;
  readonly retainedPaidYuan: string;
  readonly carryForwardCreditYuan: string;
  /** E₀ = min(A, Q) + fund overrun share + retained paid in cash (E before clawbacks). */
  readonly entitlementBeforeClawbacksYuan?: string;
  /** Cd: the in-year clawbacks deducted from E₀ (deduct_from_entitlement), else 0.00. */
  readonly clawbacksDeductedYuan?: string;
  /** E = E₀ − Cd */
  readonly entitlementYuan: string;
  /** 'score': W × S/100 from the minimum score; 'agreement_terminated_for_cause': nothing, whatever the score. */
  readonly depositReturnRule?: 'score' | 'agreement_terminated_for_cause';
  readonly depositReturnedYuan: string;
  /** D */
  readonly depositForfeitedYuan: string;
  /** E₀ − A (= E − (approved − in-year clawbacks)) */
  readonly adjustmentYuan: string;
  /** adjustment + DP + W − D − P (signed) */
  readonly finalYuan: string;
  /** Paid in cash now. */
  readonly paymentYuan: string;
  /** A positive final held (deferred_payable) until ReleaseHeldYearEndPayment: agreement terminated for cause. */
  readonly heldPaymentYuan?: string;
  readonly receivableYuan: string;
  /** Hospital overrun share + D (WE-4 "hospital absorbs"). */
  readonly hospitalAbsorbsYuan: string;
  /** Retained − hospital overrun share − D (signed; positive = the hospital keeps). */
  readonly hospitalNetYuan: string;
  /** E − D: what the year costs the fund net of clawbacks (WE-2 "fund total"). */
  readonly fundNetCostYuan: string;
}

export interface CarriedReceivable {
  readonly receivableId: string;
  readonly kind: ReceivableKind;
  readonly serviceYear: number;
  readonly outstandingYuan: string;
  readonly openedOn: string;
}

export interface YearEndSettledData extends BudgetEventBase {
  readonly policyVersion: string;
  readonly policy: BudgetPolicy;
  readonly inputs: YearEndInputsData;
  readonly breakdown: YearEndBreakdownData;
  /** Opened when final < 0. */
  readonly yearEndReceivable: { readonly receivableId: string; readonly amountYuan: string } | null;
  /** Open receivables after this event: what next year's CarryInBalance takes over. */
  readonly openReceivables: readonly CarriedReceivable[];
  readonly postings: readonly Posting[];
}

/**
 * The held year-end payment of a hospital whose agreement was terminated for cause, released by a decision
 * and paid (Dr deferred_payable, Cr cash). Posted on the settled year's stream: it changes none of the
 * year's figures, it pays what YearEndSettled already owed.
 */
export interface HeldYearEndPaymentReleasedData extends BudgetEventBase {
  readonly amountYuan: string;
  /** The decision that releases the payment (e.g. the agency's written decision number). */
  readonly decisionRef: string;
  readonly note: string | null;
  /** Who released it (four-eyes approval comes with issue #14 §3). */
  readonly releasedBy: { readonly actor: string; readonly role: string };
  readonly postings: readonly Posting[];
}

export interface BalanceCarriedInData extends BudgetEventBase {
  readonly fromYear: number;
  readonly carryForwardCreditYuan: string;
  readonly receivables: readonly CarriedReceivable[];
  /** All credits carried into this year after this event. */
  readonly carriedInTotalYuan: string;
}

export type { ReversalFacts, ReversalParty } from '../shared/reversal-facts';

/** What may be reversed on a budget stream: the money events a fold can undo (and the quota adjustment). */
export type ReversibleBudgetEvent =
  | QuotaAdjusted
  | PrepaymentDisbursed
  | MonthlySettlementPosted
  | ClawbackAssessed
  | ReceivableRecovered
  | LiquidatedDamagesAssessed
  | FineImposed;

/**
 * A reversal in the reversed event's own stream: undoes it in the fold (a month reopened, quota room
 * freed, a receivable withdrawn) and in the journal (its postings negated). Names the event as recorded,
 * so a projection can undo it from this event alone.
 */
export interface EventReversedData extends BudgetEventBase, ReversalFacts {
  readonly reversed: ReversibleBudgetEvent;
}

export type QuotaSet = DomainEvent<'QuotaSet', QuotaSetData>;
export type QuotaAdjusted = DomainEvent<'QuotaAdjusted', QuotaAdjustedData>;
export type PrepaymentDisbursed = DomainEvent<'PrepaymentDisbursed', PrepaymentDisbursedData>;
export type MonthlySettlementPosted = DomainEvent<'MonthlySettlementPosted', MonthlySettlementPostedData>;
export type ClawbackAssessed = DomainEvent<'ClawbackAssessed', ClawbackAssessedData>;
export type ReceivableRecovered = DomainEvent<'ReceivableRecovered', ReceivableRecoveredData>;
export type LiquidatedDamagesAssessed = DomainEvent<'LiquidatedDamagesAssessed', LiquidatedDamagesAssessedData>;
export type FineImposed = DomainEvent<'FineImposed', FineImposedData>;
export type AssessmentScored = DomainEvent<'AssessmentScored', AssessmentScoredData>;
export type YearEndSettled = DomainEvent<'YearEndSettled', YearEndSettledData>;
export type BalanceCarriedIn = DomainEvent<'BalanceCarriedIn', BalanceCarriedInData>;
export type HeldYearEndPaymentReleased = DomainEvent<'HeldYearEndPaymentReleased', HeldYearEndPaymentReleasedData>;
export type EventReversed = DomainEvent<'EventReversed', EventReversedData>;

export type HospitalBudgetEvent =
  | QuotaSet
  | QuotaAdjusted
  | PrepaymentDisbursed
  | MonthlySettlementPosted
  | ClawbackAssessed
  | ReceivableRecovered
  | LiquidatedDamagesAssessed
  | FineImposed
  | AssessmentScored
  | YearEndSettled
  | BalanceCarriedIn
  | EventReversed
  | HeldYearEndPaymentReleased
  | PaymentMethodEvent
  | DueProcessEvent;

export type HospitalBudgetEventType = HospitalBudgetEvent['type'];

/**
 * One stream per hospital, fund and budget year: `budget-{fundId}.{payeeId}.{year}`. Ids may contain
 * "-" but never "." (ID_PATTERN), so the name parses one way only: with "-" as the separator, fund
 * `A-B` + payee `C` and fund `A` + payee `B-C` would share a stream.
 */
export function budgetStreamName(fundId: string, payeeId: string, year: number): string {
  return `budget-${fundId}.${payeeId}.${year}`;
}
