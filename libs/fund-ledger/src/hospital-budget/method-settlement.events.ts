import type { DomainEvent } from '../shared/decider';
import type { Posting } from '../shared/journal';

/**
 * The unit-price payment methods beside the global budget (§1.5, R-BUD-12…15, R-PAY-5): their events on the
 * hospital-year's budget stream. Kept apart from hospital-budget.events.ts only for size; the union there
 * includes them. Amounts are yuan strings with two places; absent values are null.
 */
export const PAYMENT_METHODS = ['drg', 'single_disease', 'per_diem', 'per_case_cap'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PER_DIEM_CATEGORIES = ['in_service', 'retired'] as const;
export type PerDiemCategory = (typeof PER_DIEM_CATEGORIES)[number];

interface MethodEventBase {
  readonly fundId: string;
  readonly payeeId: string;
  readonly year: number;
  readonly effectiveDate: string;
}

export interface MethodAssignment {
  readonly method: PaymentMethod;
  /** The case types paid by this method (e.g. "inpatient"), as the agreement names them. */
  readonly caseTypes: readonly string[];
}

/**
 * The methods of the hospital-year from `fromMonth` on: global budget alone (methods empty), or global budget
 * plus unit-price methods for named case types. A stream without this event is global budget alone.
 */
export interface PaymentMethodsAssignedData extends MethodEventBase {
  readonly fromMonth: number;
  readonly methods: readonly MethodAssignment[];
  readonly previousMethods: readonly PaymentMethod[];
}

/** The rate-table version a line was priced with (stream rates-{fundId}.{year}). */
export interface RateTableRef {
  readonly stream: string;
  readonly version: number;
  readonly effectiveFrom: string;
}

export interface DrgLine {
  readonly groupCode: string;
  readonly cases: number;
  readonly weight: string;
  readonly baseRateYuan: string;
  /** cases × weight × base rate, half-up to the fen. */
  readonly amountYuan: string;
  readonly costYuan: string | null;
}

export interface SingleDiseaseLine {
  readonly diseaseCode: string;
  readonly caseRef: string | null;
  readonly cases: number;
  readonly standardYuan: string;
  /** cases × standard: what the fund pays whatever the cost. */
  readonly amountYuan: string;
  /** The hospital's actual cost of these cases. */
  readonly costYuan: string;
  /** Kept by the hospital (结余归己): max(0, amount − cost). */
  readonly surplusYuan: string;
  /** Advanced by the hospital (超支垫付): max(0, cost − amount). */
  readonly overrunYuan: string;
}

export interface PerDiemLine {
  readonly category: PerDiemCategory;
  readonly bedDays: number;
  readonly rateYuan: string;
  /** bed-days × rate (the all-inclusive payable). */
  readonly payableYuan: string;
  readonly patientSharePerDayYuan: string;
  /** bed-days × share per day, paid by the patient. */
  readonly patientShareYuan: string;
  /** payable − patient share: the pooled fund's part, settled. */
  readonly amountYuan: string;
  readonly costYuan: string | null;
  /** max(0, cost − payable): borne by the hospital. */
  readonly hospitalAbsorbsYuan: string;
}

export interface PerCaseCapLine {
  readonly cases: number;
  readonly claimedYuan: string;
  readonly standardYuan: string;
  /** cases × average per-case standard. */
  readonly capYuan: string;
  /** min(claimed, cap): pre-settled this month. */
  readonly amountYuan: string;
  /** claimed − pre-settled: held until the quarterly clearing. */
  readonly heldYuan: string;
}

export type MethodLines =
  | { readonly method: 'drg'; readonly lines: readonly DrgLine[] }
  | { readonly method: 'single_disease'; readonly lines: readonly SingleDiseaseLine[] }
  | { readonly method: 'per_diem'; readonly lines: readonly PerDiemLine[] }
  | { readonly method: 'per_case_cap'; readonly lines: readonly PerCaseCapLine[] };

/** How an amount went against the hospital-year's budget: the monthly settlement's cash-cap rule, recorded. */
export interface MethodBudgetEffect {
  /** Counts in the year's actual A. */
  readonly approvedYuan: string;
  readonly quotaYuan: string;
  readonly paidTowardYearBeforeYuan: string;
  readonly roomYuan: string;
  readonly prepaidOffsetYuan: string;
  readonly payableYuan: string;
  readonly deferredYuan: string;
  readonly receivableOffsets: readonly { readonly receivableId: string; readonly amountYuan: string }[];
  readonly receivableOffsetYuan: string;
  readonly netPaymentYuan: string;
}

export interface MethodSettlementPostedData extends MethodEventBase {
  readonly month: number;
  readonly method: PaymentMethod;
  readonly rateTable: RateTableRef;
  readonly detail: MethodLines;
  readonly cases: number;
  /** Σ line amounts: what the fund settles for the method this month. */
  readonly amountYuan: string;
  /** DRG only: Σ cases × weight (the case-mix index is this ÷ cases); null otherwise. */
  readonly weightedCases: string | null;
  readonly policyVersion: string;
  readonly budget: MethodBudgetEffect;
  readonly postings: readonly Posting[];
}

export interface QuarterMonthLine {
  readonly month: number;
  readonly cases: number;
  readonly claimedYuan: string;
  readonly standardYuan: string;
  readonly capYuan: string;
  readonly presettledYuan: string;
}

/** R-PAY-5 / WE-3: the quarter allows min(Σ claimed, Σ cap), pays what the months held back, refuses the rest. */
export interface PerCaseQuarterClearedData extends MethodEventBase {
  readonly quarter: number;
  readonly months: readonly QuarterMonthLine[];
  readonly cases: number;
  readonly claimedYuan: string;
  readonly capYuan: string;
  readonly allowedYuan: string;
  readonly presettledYuan: string;
  /** allowed − pre-settled (never negative). */
  readonly paymentYuan: string;
  /** claimed − allowed: refused (拒付). */
  readonly refusedYuan: string;
  readonly policyVersion: string;
  readonly budget: MethodBudgetEffect;
  readonly postings: readonly Posting[];
}

export type PaymentMethodsAssigned = DomainEvent<'PaymentMethodsAssigned', PaymentMethodsAssignedData>;
export type MethodSettlementPosted = DomainEvent<'MethodSettlementPosted', MethodSettlementPostedData>;
export type PerCaseQuarterCleared = DomainEvent<'PerCaseQuarterCleared', PerCaseQuarterClearedData>;

export type PaymentMethodEvent = PaymentMethodsAssigned | MethodSettlementPosted | PerCaseQuarterCleared;
