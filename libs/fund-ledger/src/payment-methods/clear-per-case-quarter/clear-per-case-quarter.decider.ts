import { Decimal, min, sum, yuan } from '@ledger/money';
import type { DecisionContext } from '../../shared/decider';
import { invariant } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import { assertOpen, eventBase, streamKeyOf } from '../../hospital-budget/hospital-budget.guards';
import type { BudgetStreamKey } from '../../hospital-budget/hospital-budget.events';
import type { HospitalBudgetState } from '../../hospital-budget/hospital-budget.state';
import type { PerCaseQuarterCleared, QuarterMonthLine } from '../../hospital-budget/method-settlement.events';
import { methodsInForce } from '../../hospital-budget/method-settlement.state';
import { chargeBudget, type MethodPaymentFacts } from '../method-budget';
import { PaymentMethodErrorCodes, rejectMethodRule } from '../payment-methods.errors';

/**
 * ClearPerCaseQuarter (R-PAY-5, WE-3, 每季度清算): once every month of the quarter paid by the per-case cap is
 * pre-settled, the quarter allows min(Σ claimed, Σ cases × standard); the difference to what the months
 * pre-settled is paid (it can only be ≥ 0) and the rest of the claim is refused. Once per quarter.
 */
export interface ClearPerCaseQuarter extends BudgetStreamKey, MethodPaymentFacts {
  readonly type: 'ClearPerCaseQuarter';
  readonly quarter: number;
}

export function decideClearPerCaseQuarter(
  command: ClearPerCaseQuarter,
  state: HospitalBudgetState,
  context: DecisionContext,
): PerCaseQuarterCleared[] {
  const key = streamKeyOf(command, state);
  const quarter = quarterInput(command.quarter);
  assertOpen(state, key);
  const methods = state.paymentMethods;
  if (methods.clearedQuarters.includes(quarter)) {
    throw rejectMethodRule(PaymentMethodErrorCodes.QUARTER_ALREADY_CLEARED, `quarter ${quarter} of ${key.year} is cleared already`, 'quarter');
  }
  const quarterMonths = [3 * quarter - 2, 3 * quarter - 1, 3 * quarter];
  const capped = quarterMonths.filter((m) => methodsInForce(methods, m).includes('per_case_cap'));
  if (capped.length === 0) {
    throw rejectMethodRule(
      PaymentMethodErrorCodes.METHOD_NOT_ASSIGNED,
      `${key.payeeId} is not paid by per_case_cap in quarter ${quarter} of ${key.year}`,
      'quarter',
    );
  }
  const missing = capped.filter((m) => !methods.perCaseMonths.some((p) => p.month === m));
  if (missing.length > 0) {
    throw rejectMethodRule(
      PaymentMethodErrorCodes.QUARTER_INCOMPLETE,
      `quarter ${quarter} of ${key.year} is cleared once its months are pre-settled: month ${missing.join(', ')} not yet`,
      'quarter',
    );
  }
  const months: QuarterMonthLine[] = methods.perCaseMonths
    .filter((p) => quarterMonths.includes(p.month))
    .sort((a, b) => a.month - b.month)
    .map((p) => ({
      month: p.month,
      cases: p.cases,
      claimedYuan: yuan(p.claimedYuan),
      standardYuan: yuan(p.standardYuan),
      capYuan: yuan(p.capYuan),
      presettledYuan: yuan(p.presettledYuan),
    }));
  const total = (pick: (m: QuarterMonthLine) => string): Decimal => sum(months.map((m) => new Decimal(pick(m))));
  const claimed = total((m) => m.claimedYuan);
  const cap = total((m) => m.capYuan);
  const presettled = total((m) => m.presettledYuan);
  const allowed = min(claimed, cap);
  const payment = allowed.minus(presettled);
  invariant(!payment.isNegative(), 'a quarter allows at least what its months pre-settled');
  const charge = chargeBudget(key, quarterMonths[2]!, payment, command, state, context);
  return [
    {
      type: 'PerCaseQuarterCleared',
      data: {
        ...eventBase(key, charge.effectiveDate),
        quarter,
        months,
        cases: months.reduce((n, m) => n + m.cases, 0),
        claimedYuan: yuan(claimed),
        capYuan: yuan(cap),
        allowedYuan: yuan(allowed),
        presettledYuan: yuan(presettled),
        paymentYuan: yuan(payment),
        refusedYuan: yuan(claimed.minus(allowed)),
        policyVersion: charge.policyVersion,
        budget: charge.budget,
        postings: charge.postings,
      },
    },
  ];
}

function quarterInput(value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 4) {
    throw invalidField('quarter', 'must be an integer quarter 1..4');
  }
  return value as number;
}
