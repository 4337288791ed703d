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

/**
 * What an in-year clawback does at year end (issue #14 §4).
 * - reduce_actual: the clawback lowers the audited actual A, and E is computed on A net of clawbacks. For a
 *   hospital inside the fully retained surplus band, or beyond the shared overrun band, E does not move, so
 *   the year end pays the clawed-back amount back in full (the behaviour before the parameter existed).
 * - deduct_from_entitlement: E is computed on A gross of the year's clawbacks, then the clawbacks are
 *   deducted from it, so a recovered amount is never paid back.
 */
export type ClawbackTreatment = 'deduct_from_entitlement' | 'reduce_actual';
export const CLAWBACK_TREATMENTS: readonly ClawbackTreatment[] = ['deduct_from_entitlement', 'reduce_actual'];

/** The treatment a fund-year's first SetBudgetPolicy records when its changes do not name one. */
export const NEW_POLICY_CLAWBACK_TREATMENT: ClawbackTreatment = 'deduct_from_entitlement';

/**
 * The treatment of a policy without the field: every policy recorded before the field existed, and the
 * built-in default of a fund-year whose policy was never set. They keep the answers they always gave.
 */
export const LEGACY_CLAWBACK_TREATMENT: ClawbackTreatment = 'reduce_actual';

/** The treatment a policy applies: its own, or reduce_actual when it has none (recorded before the field). */
export const clawbackTreatmentOf = (policy: Pick<BudgetPolicy, 'clawbackTreatment'>): ClawbackTreatment =>
  policy.clawbackTreatment ?? LEGACY_CLAWBACK_TREATMENT;

/**
 * R-PAY-4: a hospital objects to a monthly settlement's audit opinion within this many calendar days of the
 * statement, the last day included (WE-16: received 10 April → the window closes 15 April); silence past it
 * is deemed acceptance. §7 counts calendar days, no holiday roll-forward (the source says none).
 */
export const DEFAULT_OBJECTION_WINDOW_DAYS = 5;
export const MAX_OBJECTION_WINDOW_DAYS = 30;

/** The window a policy applies: its own, or the default 5 days when it has none (recorded before the field). */
export const objectionWindowDaysOf = (policy: Pick<BudgetPolicy, 'objectionWindowDays'>): number =>
  policy.objectionWindowDays ?? DEFAULT_OBJECTION_WINDOW_DAYS;

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
  /**
   * Absent on every policy recorded before the field existed and on the built-in default: read as
   * reduce_actual (LEGACY_CLAWBACK_TREATMENT). A fund-year's first SetBudgetPolicy records
   * deduct_from_entitlement unless its changes name another.
   */
  readonly clawbackTreatment?: ClawbackTreatment;
  /**
   * Days (1..30, calendar, inclusive) a hospital has to object to a settlement's audit opinion (R-PAY-4).
   * Absent on the built-in default and on policies recorded before the field: read as 5.
   */
  readonly objectionWindowDays?: number;
}

/** Without clawbackTreatment: a fund-year never set keeps reduce_actual (see LEGACY_CLAWBACK_TREATMENT). */
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
