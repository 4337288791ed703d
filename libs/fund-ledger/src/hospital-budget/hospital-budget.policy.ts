import type { Decimal } from '@ledger/money';
import {
  type BudgetPolicy,
  CLAWBACK_TREATMENTS,
  type ClawbackTreatment,
  DEFAULT_OBJECTION_WINDOW_DAYS,
  LEGACY_CLAWBACK_TREATMENT,
  MAX_OBJECTION_WINDOW_DAYS,
  type PolicySnapshot,
  type RetentionMode,
} from '../shared/budget-policy';
import { invalidField } from '../shared/domain-error';
import { decimalInput, oneOf, textInput } from './hospital-budget.inputs';

/**
 * The policy as the deciders use it: every ratio parsed to a Decimal and checked once. A policy comes from
 * the policy stream through the handler; a malformed one is refused (400) rather than half-applied.
 */
export interface ParsedTier {
  /** Cumulative bound as a fraction of Q; null = the open-ended last tier. */
  readonly upToQuotaRatio: Decimal | null;
  /** fundShare (overrun) or retainedShare (surplus), 0..1. */
  readonly share: Decimal;
}

export interface ParsedPolicy {
  readonly depositWithholdRate: Decimal;
  readonly overrunTiers: readonly ParsedTier[];
  readonly surplusTiers: readonly ParsedTier[];
  readonly retentionMode: RetentionMode;
  readonly depositReturnMinScore: Decimal;
  readonly clawbackTreatment: ClawbackTreatment;
  /** 'policy': the policy names it; 'missing_field': recorded before the field existed, read as reduce_actual. */
  readonly clawbackTreatmentSource: ClawbackTreatmentSource;
  /** R-PAY-4: calendar days (inclusive) to object to an audit opinion; 5 when the policy has none. */
  readonly objectionWindowDays: number;
}

export type ClawbackTreatmentSource = 'policy' | 'missing_field';

export function parsePolicySnapshot(snapshot: PolicySnapshot | null | undefined): {
  policyVersion: string;
  policy: ParsedPolicy;
} {
  if (!snapshot || typeof snapshot !== 'object') throw invalidField('policy', 'a policy snapshot is required');
  return {
    policyVersion: textInput(snapshot.policyVersion, 'policy.policyVersion', 100),
    policy: parsePolicy(snapshot.policy),
  };
}

export function parsePolicy(policy: BudgetPolicy | null | undefined): ParsedPolicy {
  if (!policy || typeof policy !== 'object') throw invalidField('policy.policy', 'policy values are required');
  if (policy.fineDestination !== 'treasury') throw invalidField('policy.fineDestination', "must be 'treasury'");
  return {
    depositWithholdRate: decimalInput(policy.depositWithholdRate, 'policy.depositWithholdRate', '0', '1'),
    overrunTiers: parseTiers(policy.overrunTiers, 'policy.overrunTiers', (t) => t.fundShare),
    surplusTiers: parseTiers(policy.surplusTiers, 'policy.surplusTiers', (t) => t.retainedShare),
    retentionMode: oneOf(policy.retentionMode, 'policy.retentionMode', ['cash', 'carry_forward'] as const),
    depositReturnMinScore: decimalInput(policy.depositReturnMinScore, 'policy.depositReturnMinScore', '0', '100'),
    ...parseClawbackTreatment(policy.clawbackTreatment),
    objectionWindowDays: parseObjectionWindow(policy.objectionWindowDays),
  };
}

function parseObjectionWindow(value: unknown): number {
  if (value === undefined) return DEFAULT_OBJECTION_WINDOW_DAYS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_OBJECTION_WINDOW_DAYS) {
    throw invalidField('policy.objectionWindowDays', `must be a whole number of days, 1..${MAX_OBJECTION_WINDOW_DAYS}`);
  }
  return value;
}

/** A policy recorded before the field existed has none: it keeps today's answers (reduce_actual), and says so. */
function parseClawbackTreatment(value: unknown): Pick<ParsedPolicy, 'clawbackTreatment' | 'clawbackTreatmentSource'> {
  if (value === undefined)
    return { clawbackTreatment: LEGACY_CLAWBACK_TREATMENT, clawbackTreatmentSource: 'missing_field' };
  return {
    clawbackTreatment: oneOf(value, 'policy.clawbackTreatment', CLAWBACK_TREATMENTS),
    clawbackTreatmentSource: 'policy',
  };
}

interface RawTier {
  readonly upToQuotaRatio: string | null;
  readonly fundShare?: string;
  readonly retainedShare?: string;
}

/** Bounds strictly increase and the last tier is open-ended, so every yuan of an overrun lands in a tier. */
function parseTiers(value: unknown, field: string, shareOf: (tier: RawTier) => unknown): ParsedTier[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 10) {
    throw invalidField(field, 'must be a list of 1..10 tiers');
  }
  const tiers = (value as RawTier[]).map((tier, i) => ({
    upToQuotaRatio:
      tier.upToQuotaRatio === null ? null : decimalInput(tier.upToQuotaRatio, `${field}[${i}].upToQuotaRatio`, '0'),
    share: decimalInput(shareOf(tier), `${field}[${i}].share`, '0', '1'),
  }));
  tiers.forEach((tier, i) => {
    const last = i === tiers.length - 1;
    if (last !== (tier.upToQuotaRatio === null)) throw invalidField(field, 'only the last tier is open-ended (null)');
    const previous = i === 0 ? null : tiers[i - 1]!.upToQuotaRatio;
    if (
      tier.upToQuotaRatio !== null &&
      (tier.upToQuotaRatio.lte(0) || (previous !== null && tier.upToQuotaRatio.lte(previous)))
    ) {
      throw invalidField(field, 'tier bounds must be positive and strictly increasing');
    }
  });
  return tiers;
}
