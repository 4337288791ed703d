import { applyRate, yuan } from '@ledger/money';
import type { PolicySnapshot } from '../../shared/budget-policy';
import type { DecisionContext } from '../../shared/decider';
import { invariant } from '../../shared/decider';
import { ErrorCodes, rejectRule } from '../../shared/domain-error';
import { accounts, assertBalanced, credit, debit, nonZero } from '../../shared/journal';
import type { AgreementFact, BudgetStreamKey, PrepaymentDisbursed } from '../hospital-budget.events';
import {
  assertAgreementActive,
  assertEffectiveDate,
  assertOpen,
  assertPooledFund,
  type FundKindFact,
  eventBase,
  hospitalAccount,
  requireQuota,
  streamKeyOf,
} from '../hospital-budget.guards';
import { monthInput, yuanInput } from '../hospital-budget.inputs';
import { parsePolicySnapshot } from '../hospital-budget.policy';
import { type HospitalBudgetState, paidTowardYear } from '../hospital-budget.state';

/**
 * DisbursePrepayment (预付/预拨): one advance per month. The policy's deposit rate is withheld (质量保证金)
 * and returned at year end by score. 超总控: cash toward the year (prepaid gross + settlement payable) may
 * not pass the quota — so a settlement that already paid beyond the prepayments lowers the room left for
 * later prepayments.
 *
 * Postings: Dr hospital prepaid gross; Cr fund cash net; Cr hospital withheld_deposit withheld.
 */
export interface DisbursePrepayment extends BudgetStreamKey {
  readonly type: 'DisbursePrepayment';
  readonly month: number;
  readonly grossYuan: string;
  readonly agreement: AgreementFact | null;
  readonly policy: PolicySnapshot;
  /** The fund's kind (registry, read by the handler): prepayments only on a pooled fund. */
  readonly fundKind?: FundKindFact;
}

export function decideDisbursePrepayment(
  command: DisbursePrepayment,
  state: HospitalBudgetState,
  context: DecisionContext,
): PrepaymentDisbursed[] {
  const key = streamKeyOf(command, state);
  assertPooledFund(command.fundKind, key.fundId);
  assertOpen(state, key);
  const effectiveDate = assertEffectiveDate(context, key.year, 'prepayment');
  const month = monthInput(command.month);
  const gross = yuanInput(command.grossYuan, 'grossYuan');
  const { policyVersion, policy } = parsePolicySnapshot(command.policy);
  const quota = requireQuota(state);
  const agreement = assertAgreementActive(command.agreement, effectiveDate);
  if (state.prepaidMonths.includes(month)) {
    throw rejectRule(ErrorCodes.MONTH_ALREADY_PREPAID, `month ${month} of ${key.year} is already prepaid`, 'month');
  }
  const paidAfter = paidTowardYear(state).plus(gross);
  if (paidAfter.gt(quota)) {
    throw rejectRule(
      ErrorCodes.QUOTA_EXCEEDED,
      `prepaying ${yuan(gross)} would bring cash toward ${key.year} (prepaid ${yuan(state.prepaidGrossYuan)} + settled ${yuan(state.settlementPayableYuan)}) to ${yuan(paidAfter)}, above the quota ${yuan(quota)}`,
      'grossYuan',
    );
  }
  const withheld = applyRate(gross, policy.depositWithholdRate);
  const net = gross.minus(withheld);
  invariant(!net.isNegative(), 'net prepayment is never negative');
  const postings = nonZero([
    debit(key.fundId, hospitalAccount(key, 'prepaid'), gross),
    credit(key.fundId, accounts.cash(key.fundId), net),
    credit(key.fundId, hospitalAccount(key, 'withheld_deposit'), withheld),
  ]);
  assertBalanced(postings);
  return [
    {
      type: 'PrepaymentDisbursed',
      data: {
        ...eventBase(key, effectiveDate),
        month,
        grossYuan: yuan(gross),
        withholdRate: command.policy.policy.depositWithholdRate,
        withheldYuan: yuan(withheld),
        netYuan: yuan(net),
        policyVersion,
        quotaYuan: yuan(quota),
        prepaidGrossToDateYuan: yuan(state.prepaidGrossYuan.plus(gross)),
        paidTowardYearYuan: yuan(paidAfter),
        agreement,
        postings,
      },
    },
  ];
}
