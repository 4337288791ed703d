/**
 * The budget policy of one fund-year (reference §7 proposals are the defaults). Versioned as events on
 * the stream `policy-{fundId}-{year}`; frozen by that year's first year-end settlement. Every ratio is a
 * decimal string (never a number) so it survives JSON exactly.
 */
export interface OverrunTier {
  /** This tier covers the overrun up to this fraction of the quota (cumulative); null = unbounded. */
  readonly upToQuotaRatio: string | null;
  /** The fund's share of the overrun within this tier, 0..1. The hospital bears the rest. */
  readonly fundShare: string;
}

export interface SurplusTier {
  /** This tier covers the surplus up to this fraction of the quota (cumulative); null = unbounded. */
  readonly upToQuotaRatio: string | null;
  /** The share of the surplus within this tier that the hospital retains, 0..1. */
  readonly retainedShare: string;
}

export type RetentionMode = 'cash' | 'carry_forward';

export interface BudgetPolicy {
  /** Fraction of each prepayment withheld as the quality deposit (质量保证金). Default "0.10". */
  readonly depositWithholdRate: string;
  /** Default [{0.10, 0.70}, {null, 0}]: overrun up to 10% of Q shared 70/30, beyond borne by the hospital. */
  readonly overrunTiers: readonly OverrunTier[];
  /** Default [{0.10, 1}, {null, 0.5}]: surplus up to 10% of Q retained in full, beyond 50%. */
  readonly surplusTiers: readonly SurplusTier[];
  /** cash: retained surplus is paid at year end; carry_forward: it becomes next year's quota credit. */
  readonly retentionMode: RetentionMode;
  /** Deposit returned = withheld × score/100 when score ≥ minScore, else 0. Default "60". */
  readonly depositReturnMinScore: string;
  /** Administrative fines (罚款) go to the treasury memorandum, never to fund income. */
  readonly fineDestination: 'treasury';
}

export const DEFAULT_BUDGET_POLICY: BudgetPolicy = {
  depositWithholdRate: '0.10',
  overrunTiers: [
    { upToQuotaRatio: '0.10', fundShare: '0.70' },
    { upToQuotaRatio: null, fundShare: '0' },
  ],
  surplusTiers: [
    { upToQuotaRatio: '0.10', retainedShare: '1' },
    { upToQuotaRatio: null, retainedShare: '0.5' },
  ],
  retentionMode: 'cash',
  depositReturnMinScore: '60',
  fineDestination: 'treasury',
};

/** The policy a decision used: the values plus the policy stream revision, recorded in the event. */
export interface PolicySnapshot {
  readonly policyVersion: string;
  readonly policy: BudgetPolicy;
}
