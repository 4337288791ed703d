import type { DomainEvent } from '../shared/decider';
import type { AllocationMethod } from './allocation.rules';

/**
 * The fund's budget for one year (stream `fund-budget-{fundId}-{year}`): the approved total for hospital
 * quotas with the figures it comes from (以收定支, R-FUND-1/2), and which allocation run is in force for the
 * fund-year. The run pointer lives here, in one stream, so "one run in force; a second one only by naming
 * the first in supersedes" is checked with the exact expected revision, never by a read-then-write race
 * across run streams.
 */
export const fundBudgetStream = (fundId: string, year: number): string => `fund-budget-${fundId}-${year}`;

export interface EarmarkLine {
  readonly name: string;
  readonly amountYuan: string;
}

export interface FundBudgetBasis {
  readonly projectedIncomeYuan: string;
  /** The fund's reserve (略有结余). */
  readonly reserveYuan: string;
  /** Spending kept out of the hospital quotas (专项: COVID, cancer drugs, pharmacies, non-hospital payees…). */
  readonly excludedEarmarks: readonly EarmarkLine[];
}

export interface FundBudgetApprovedData {
  readonly fundId: string;
  readonly year: number;
  readonly effectiveDate: string;
  /** The pool the allocation runs split (R-BUD-1's "fund's budget"). */
  readonly totalForQuotasYuan: string;
  readonly basis: FundBudgetBasis;
  /** projected income − reserve − Σ earmarks (signed). */
  readonly computedTotalYuan: string;
  /** total − computed (signed): the negotiated difference (R-BUD-5), zero when the formula is followed. */
  readonly differenceYuan: string;
  /** Required when the difference is not zero. */
  readonly differenceReason: string | null;
}

export interface RunSupersedes {
  readonly runId: string;
  readonly reason: string;
}

export interface AllocationRunAdoptedData {
  readonly fundId: string;
  readonly year: number;
  readonly effectiveDate: string;
  readonly runId: string;
  readonly method: AllocationMethod;
  readonly methodVersion: string;
  /** The run this one replaces (its application adjusts, with reason allocation_supersede). */
  readonly supersedes: RunSupersedes | null;
  readonly hospitals: number;
  readonly allocatedYuan: string;
}

export type FundBudgetApproved = DomainEvent<'FundBudgetApproved', FundBudgetApprovedData>;
export type AllocationRunAdopted = DomainEvent<'AllocationRunAdopted', AllocationRunAdoptedData>;
export type FundBudgetEvent = FundBudgetApproved | AllocationRunAdopted;
