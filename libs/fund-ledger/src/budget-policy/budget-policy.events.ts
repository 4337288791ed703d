import { BudgetPolicy } from '../shared/budget-policy';
import { DomainEvent } from '../shared/decider';

/** One stream per fund and budget year; the year's first year-end settlement freezes it. */
export const policyStream = (fundId: string, year: number): string => `policy-${fundId}-${year}`;

/** The top-level fields of a BudgetPolicy, in a stable order (used for changedFields). */
export type PolicyField = keyof BudgetPolicy;
export const POLICY_FIELDS: readonly PolicyField[] = [
  'depositWithholdRate',
  'overrunTiers',
  'surplusTiers',
  'retentionMode',
  'depositReturnMinScore',
  'fineDestination',
  'clawbackTreatment',
  'objectionWindowDays',
];

/** The full policy now in force (changes merged over the previous one, or over the default). */
export type BudgetPolicySet = DomainEvent<
  'BudgetPolicySet',
  {
    readonly fundId: string;
    readonly year: number;
    readonly policy: BudgetPolicy;
    /** Fields whose value differs from the policy this one replaces (the default for the first). */
    readonly changedFields: readonly PolicyField[];
  }
>;

export type FreezeReason = 'first_year_end_settlement';
export const FREEZE_REASONS: readonly FreezeReason[] = ['first_year_end_settlement'];

/** From here on the year's policy cannot change: settlements already applied it. */
export type BudgetPolicyFrozen = DomainEvent<
  'BudgetPolicyFrozen',
  {
    readonly fundId: string;
    readonly year: number;
    readonly reason: FreezeReason;
    /** The settlement stream whose first year-end settlement froze the policy. */
    readonly settledStream: string;
    readonly policy: BudgetPolicy;
    /** Revision of the BudgetPolicySet in force, or 'default' if the policy was never set. */
    readonly policyVersion: string;
  }
>;

export type BudgetPolicyEvent = BudgetPolicySet | BudgetPolicyFrozen;
