import { Decimal } from '@ledger/money';
import {
  BudgetPolicy,
  CLAWBACK_TREATMENTS,
  clawbackTreatmentOf,
  MAX_OBJECTION_WINDOW_DAYS,
  objectionWindowDaysOf,
  OverrunTier,
  RetentionMode,
  SurplusTier,
} from '../shared/budget-policy';
import { assertNever } from '../shared/decider';
import { invalidField } from '../shared/domain-error';
import { requireOneOf, requireRate } from '../registry/field-rules';
import { POLICY_FIELDS, PolicyField } from './budget-policy.events';

/** Withholding more than half of each prepayment would starve hospitals of cash; refuse it. */
export const MAX_WITHHOLD_RATE = '0.5';
export const MAX_TIERS = 5;
const RETENTION_MODES: readonly RetentionMode[] = ['cash', 'carry_forward'];

type Changes = Partial<Record<PolicyField, unknown>>;

/** Checks every field present in `changes` (path-prefixed, e.g. 'changes.overrunTiers[1].fundShare'). */
export function validateChanges(changes: unknown, path: string): Partial<BudgetPolicy> {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw invalidField(path, 'must be an object of policy fields');
  }
  const keys = Object.keys(changes);
  if (keys.length === 0) throw invalidField(path, 'must change at least one field');
  const unknown = keys.find((key) => !(POLICY_FIELDS as readonly string[]).includes(key));
  if (unknown !== undefined) throw invalidField(`${path}.${unknown}`, `is not a budget policy field`);
  const c = changes as Changes;
  const valid: Record<string, unknown> = {};
  for (const field of POLICY_FIELDS) {
    if (field in c) valid[field] = validateField(field, c[field], `${path}.${field}`);
  }
  return valid as Partial<BudgetPolicy>;
}

function validateField(field: PolicyField, value: unknown, path: string): unknown {
  switch (field) {
    case 'depositWithholdRate':
      requireRate(value, path, '0', MAX_WITHHOLD_RATE);
      return value;
    case 'overrunTiers':
      return validateTiers(value, path, 'fundShare').map(
        ({ upToQuotaRatio, share }): OverrunTier => ({
          upToQuotaRatio,
          fundShare: share,
        }),
      );
    case 'surplusTiers':
      return validateTiers(value, path, 'retainedShare').map(
        ({ upToQuotaRatio, share }): SurplusTier => ({
          upToQuotaRatio,
          retainedShare: share,
        }),
      );
    case 'retentionMode':
      return requireOneOf(value, RETENTION_MODES, path);
    case 'depositReturnMinScore':
      requireRate(value, path, '0', '100');
      return value;
    case 'fineDestination':
      return requireOneOf(value, ['treasury'] as const, path);
    case 'clawbackTreatment':
      return requireOneOf(value, CLAWBACK_TREATMENTS, path);
    case 'objectionWindowDays':
      return requireWindowDays(value, path);
    default:
      return assertNever(field, 'policy field');
  }
}

/** Whole calendar days, 1..30: a window shorter than a day or longer than a month is a typing error. */
function requireWindowDays(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_OBJECTION_WINDOW_DAYS) {
    throw invalidField(path, `must be a whole number of days, 1..${MAX_OBJECTION_WINDOW_DAYS}`);
  }
  return value;
}

type ShareKey = 'fundShare' | 'retainedShare';

/**
 * 1..5 tiers; upToQuotaRatio > 0 and strictly ascending; the last tier, and only it, is unbounded
 * (null), so every overrun or surplus falls in exactly one tier.
 */
function validateTiers(
  value: unknown,
  path: string,
  shareKey: ShareKey,
): Array<{ upToQuotaRatio: string | null; share: string }> {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_TIERS) {
    throw invalidField(path, `must be a list of 1 to ${MAX_TIERS} tiers`);
  }
  let previous: Decimal | null = null;
  return value.map((tier: unknown, index) => {
    const tierPath = `${path}[${index}]`;
    if (typeof tier !== 'object' || tier === null) throw invalidField(tierPath, 'must be a tier object');
    const { upToQuotaRatio, [shareKey]: share } = tier as Record<string, unknown>;
    const isLast = index === value.length - 1;
    const bound = validateBound(upToQuotaRatio, `${tierPath}.upToQuotaRatio`, isLast, previous);
    previous = bound;
    requireRate(share, `${tierPath}.${shareKey}`, '0', '1');
    return { upToQuotaRatio: bound === null ? null : (upToQuotaRatio as string), share: share as string };
  });
}

function validateBound(value: unknown, path: string, isLast: boolean, previous: Decimal | null): Decimal | null {
  if (isLast) {
    if (value !== null) throw invalidField(path, 'must be null: the last tier is unbounded');
    return null;
  }
  if (value === null) throw invalidField(path, 'only the last tier may be unbounded (null)');
  const bound = requireRate(value, path, '0', '1000');
  if (bound.isZero()) throw invalidField(path, 'must be greater than 0');
  if (previous !== null && bound.lte(previous)) throw invalidField(path, 'must be greater than the previous tier');
  return bound;
}

/** Semantic equality per field: '0.1' equals '0.10'. */
export function sameFieldValue(field: PolicyField, a: BudgetPolicy, b: BudgetPolicy): boolean {
  switch (field) {
    case 'depositWithholdRate':
    case 'depositReturnMinScore':
      return new Decimal(a[field]).equals(b[field]);
    case 'overrunTiers':
      return sameTiers(a.overrunTiers, b.overrunTiers, (t) => t.fundShare);
    case 'surplusTiers':
      return sameTiers(a.surplusTiers, b.surplusTiers, (t) => t.retainedShare);
    case 'retentionMode':
    case 'fineDestination':
      return a[field] === b[field];
    case 'clawbackTreatment':
      // A policy without the field applies reduce_actual: the same answers as one that names it.
      return clawbackTreatmentOf(a) === clawbackTreatmentOf(b);
    case 'objectionWindowDays':
      // A policy without the field applies 5 days: the same as one that names 5.
      return objectionWindowDaysOf(a) === objectionWindowDaysOf(b);
    default:
      return assertNever(field, 'policy field');
  }
}

function sameTiers<T extends { upToQuotaRatio: string | null }>(
  a: readonly T[],
  b: readonly T[],
  share: (t: T) => string,
): boolean {
  return (
    a.length === b.length &&
    a.every((tier, i) => {
      const other = b[i]!;
      const sameBound =
        tier.upToQuotaRatio === null || other.upToQuotaRatio === null
          ? tier.upToQuotaRatio === other.upToQuotaRatio
          : new Decimal(tier.upToQuotaRatio).equals(other.upToQuotaRatio);
      return sameBound && new Decimal(share(tier)).equals(share(other));
    })
  );
}
