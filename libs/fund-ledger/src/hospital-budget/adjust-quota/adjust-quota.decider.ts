import { Decimal, roundFen, yuan } from '@ledger/money';
import type { DecisionContext } from '../../shared/decider';
import { assertNever, invariant } from '../../shared/decider';
import { ErrorCodes, rejectRule } from '../../shared/domain-error';
import type {
  AdjustmentDirection,
  BudgetStreamKey,
  QuotaAdjusted,
  QuotaAdjustmentReason,
} from '../hospital-budget.events';
import { assertEffectiveDate, assertOpen, eventBase, requireQuota, streamKeyOf } from '../hospital-budget.guards';
import { absent, decimalInput, oneOf, textInput, yearInput, yuanInput } from '../hospital-budget.inputs';
import { type HospitalBudgetState, paidTowardYear } from '../hospital-budget.state';

/**
 * AdjustQuota: every change to the quota after SetQuota, with its reason and inputs (R-BUD-9, R-BUD-11).
 * - normal_overrun_increase, carry_in: increase only, by amountYuan (carry_in names fromYear);
 * - violation_downgrade: decrease by roundFen(Q × downgradePercent / 100), percent 5..10 (WE-16);
 * - allocation_supersede, correction: either direction, by amountYuan.
 * The new quota may not fall below the cash already paid toward the year (prepaid gross + settlement payable).
 */
export interface AdjustQuota extends BudgetStreamKey {
  readonly type: 'AdjustQuota';
  readonly reason: QuotaAdjustmentReason;
  readonly direction: AdjustmentDirection;
  readonly amountYuan?: string;
  readonly downgradePercent?: string;
  readonly fromYear?: number;
  readonly note: string;
}

const REASONS: readonly QuotaAdjustmentReason[] = [
  'normal_overrun_increase',
  'violation_downgrade',
  'carry_in',
  'allocation_supersede',
  'correction',
];

export function decideAdjustQuota(
  command: AdjustQuota,
  state: HospitalBudgetState,
  context: DecisionContext,
): QuotaAdjusted[] {
  const key = streamKeyOf(command, state);
  assertOpen(state, key);
  const effectiveDate = assertEffectiveDate(context, key.year, 'budget');
  const reason = oneOf(command.reason, 'reason', REASONS);
  const direction = oneOf(command.direction, 'direction', ['increase', 'decrease'] as const);
  const note = textInput(command.note, 'note');
  const previous = requireQuota(state);
  assertDirection(reason, direction);
  const { magnitude, inputs } = magnitudeOf(command, reason, previous, key.year, state);
  const delta = direction === 'increase' ? magnitude : magnitude.negated();
  const next = previous.plus(delta);
  const paid = paidTowardYear(state);
  if (next.lte(0) || next.lt(paid)) {
    throw rejectRule(
      ErrorCodes.INVALID_QUOTA_ADJUSTMENT,
      `the quota would become ${yuan(next)}, below the ${yuan(paid)} already paid toward the year (prepaid + settled); a quota must stay positive`,
      'amountYuan',
    );
  }
  invariant(next.equals(roundFen(next)), 'the new quota is a fen amount');
  return [
    {
      type: 'QuotaAdjusted',
      data: {
        ...eventBase(key, effectiveDate),
        reason,
        direction,
        previousQuotaYuan: yuan(previous),
        deltaYuan: yuan(delta),
        newQuotaYuan: yuan(next),
        inputs,
        paidTowardYearYuan: yuan(paid),
        note,
      },
    },
  ];
}

function assertDirection(reason: QuotaAdjustmentReason, direction: AdjustmentDirection): void {
  const required = requiredDirection(reason);
  if (required !== null && required !== direction) {
    throw rejectRule(
      ErrorCodes.INVALID_QUOTA_ADJUSTMENT,
      `a ${reason} adjustment must ${required} the quota`,
      'direction',
    );
  }
}

function requiredDirection(reason: QuotaAdjustmentReason): AdjustmentDirection | null {
  switch (reason) {
    case 'normal_overrun_increase':
    case 'carry_in':
      return 'increase';
    case 'violation_downgrade':
      return 'decrease';
    case 'allocation_supersede':
    case 'correction':
      return null;
    default:
      return assertNever(reason, 'quota adjustment reason');
  }
}

interface Magnitude {
  magnitude: Decimal;
  inputs: { amountYuan: string | null; downgradePercent: string | null; fromYear: number | null };
}

function magnitudeOf(
  command: AdjustQuota,
  reason: QuotaAdjustmentReason,
  quota: Decimal,
  year: number,
  state: HospitalBudgetState,
): Magnitude {
  if (reason === 'violation_downgrade') {
    absent(command.amountYuan, 'amountYuan', 'a downgrade is computed from downgradePercent');
    absent(command.fromYear, 'fromYear', 'only a carry_in adjustment names a year');
    const percent = decimalInput(command.downgradePercent, 'downgradePercent', '5', '10');
    const magnitude = roundFen(quota.times(percent).div(100));
    return { magnitude, inputs: { amountYuan: null, downgradePercent: command.downgradePercent!, fromYear: null } };
  }
  absent(command.downgradePercent, 'downgradePercent', 'only a violation_downgrade takes a percent');
  const amount = yuanInput(command.amountYuan, 'amountYuan');
  const fromYear = reason === 'carry_in' ? carryInYear(command.fromYear, year, state) : null;
  if (reason !== 'carry_in') absent(command.fromYear, 'fromYear', 'only a carry_in adjustment names a year');
  return { magnitude: amount, inputs: { amountYuan: yuan(amount), downgradePercent: null, fromYear } };
}

/** A year's credit enters once, by CarryInBalance or by hand, never both (no double counting). */
function carryInYear(value: unknown, year: number, state: HospitalBudgetState): number {
  const fromYear = yearInput(value, 'fromYear');
  if (fromYear >= year) {
    throw rejectRule(
      ErrorCodes.INVALID_QUOTA_ADJUSTMENT,
      `a carry-in comes from an earlier year than ${year}`,
      'fromYear',
    );
  }
  if (state.carriedInFromYears.includes(fromYear) || state.manualCarryInFromYears.includes(fromYear)) {
    throw rejectRule(
      ErrorCodes.INVALID_QUOTA_ADJUSTMENT,
      `the credit from ${fromYear} was already carried in`,
      'fromYear',
    );
  }
  return fromYear;
}
