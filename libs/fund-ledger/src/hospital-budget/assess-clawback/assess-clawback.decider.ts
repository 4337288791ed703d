import { yuan } from '@ledger/money';
import type { DecisionContext } from '../../shared/decider';
import { ErrorCodes, invalidField, rejectRule } from '../../shared/domain-error';
import { accounts, assertBalanced, credit, debit } from '../../shared/journal';
import { alreadyExists, HospitalBudgetErrorCodes, rejectLocalRule } from '../hospital-budget.errors';
import type { BudgetStreamKey, ClawbackAssessed } from '../hospital-budget.events';
import {
  assertEffectiveDate,
  assertOpen,
  eventBase,
  hospitalAccount,
  requireQuota,
  streamKeyOf,
} from '../hospital-budget.guards';
import { booleanInput, idInput, optionalId, textInput, yearInput, yuanInput } from '../hospital-budget.inputs';
import { findReceivable, type HospitalBudgetState } from '../hospital-budget.state';

/**
 * AssessClawback (追回): money already paid is taken back; the hospital owes it (a receivable).
 * - serviceYear = stream year: in-year; it reduces the audited actual A (contra-expense), and may not take
 *   back more than this fund approved for the year so far.
 * - serviceYear < stream year: a LATE clawback, allowed only once that year's stream is closed (otherwise it
 *   belongs in that year's own stream); posted as prior-year recoveries, naming the year it concerns.
 */
export interface AssessClawback extends BudgetStreamKey {
  readonly type: 'AssessClawback';
  readonly receivableId: string;
  readonly amountYuan: string;
  readonly serviceYear: number;
  readonly caseRef: string;
  readonly reason: string;
  readonly ruleId?: string;
  /** From the service year's stream (handler); must be false for an in-year clawback. */
  readonly serviceYearClosed: boolean;
}

export function decideAssessClawback(
  command: AssessClawback,
  state: HospitalBudgetState,
  context: DecisionContext,
): ClawbackAssessed[] {
  const key = streamKeyOf(command, state);
  assertOpen(state, key);
  const effectiveDate = assertEffectiveDate(context, key.year, 'budget');
  const receivableId = idInput(command.receivableId, 'receivableId');
  const amount = yuanInput(command.amountYuan, 'amountYuan');
  const serviceYear = yearInput(command.serviceYear, 'serviceYear');
  const serviceYearClosed = booleanInput(command.serviceYearClosed, 'serviceYearClosed');
  const caseRef = textInput(command.caseRef, 'caseRef', 100);
  const reason = textInput(command.reason, 'reason');
  const ruleId = optionalId(command.ruleId, 'ruleId');
  requireQuota(state);
  const late = isLate(serviceYear, serviceYearClosed, key.year);
  if (findReceivable(state, receivableId))
    throw alreadyExists(`receivable ${receivableId} already exists`, 'receivableId');
  if (!late && state.inYearClawbacksYuan.plus(amount).gt(state.approvedYuan)) {
    throw rejectLocalRule(
      HospitalBudgetErrorCodes.CLAWBACK_EXCEEDS_APPROVED,
      `in-year clawbacks would reach ${yuan(state.inYearClawbacksYuan.plus(amount))}, more than the ${yuan(state.approvedYuan)} approved for ${key.year}`,
      'amountYuan',
    );
  }
  const fund = key.fundId;
  const creditAccount = late ? accounts.income(fund, 'prior_year_recoveries') : accounts.expense(fund, 'clawbacks');
  const postings = [debit(fund, hospitalAccount(key, 'receivable'), amount), credit(fund, creditAccount, amount)];
  assertBalanced(postings);
  return [
    {
      type: 'ClawbackAssessed',
      data: {
        ...eventBase(key, effectiveDate),
        receivableId,
        amountYuan: yuan(amount),
        serviceYear,
        late,
        caseRef,
        reason,
        ruleId,
        postings,
      },
    },
  ];
}

function isLate(serviceYear: number, serviceYearClosed: boolean, year: number): boolean {
  if (serviceYear > year) {
    throw invalidField(
      'serviceYear',
      `a clawback for ${serviceYear} cannot be posted to ${year}; post it to its own year`,
    );
  }
  if (serviceYear === year) {
    // This stream is open, so the handler's fact contradicts it: refuse rather than guess.
    if (serviceYearClosed) throw invalidField('serviceYearClosed', `${year} is this open stream's year`);
    return false;
  }
  if (!serviceYearClosed) {
    throw rejectRule(
      ErrorCodes.WRONG_PERIOD_FOR_LATE_POSTING,
      `${serviceYear} is not closed yet: post the clawback to the ${serviceYear} budget stream`,
      'serviceYear',
    );
  }
  return true;
}
