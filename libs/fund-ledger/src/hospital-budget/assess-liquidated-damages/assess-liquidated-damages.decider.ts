import { roundFen, yuan } from '@ledger/money';
import type { DecisionContext } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import { accounts, assertBalanced, credit, debit } from '../../shared/journal';
import { alreadyExists } from '../hospital-budget.errors';
import type { BudgetStreamKey, LiquidatedDamagesAssessed } from '../hospital-budget.events';
import {
  assertEffectiveDate,
  assertOpen,
  eventBase,
  hospitalAccount,
  requireQuota,
  streamKeyOf,
} from '../hospital-budget.guards';
import { decimalInput, idInput, serviceYearOf, textInput, yuanInput } from '../hospital-budget.inputs';
import { findReceivable, type HospitalBudgetState } from '../hospital-budget.state';

/**
 * AssessLiquidatedDamages (违约金, under the service agreement): fund income, owed by the hospital
 * (receivable kind 'liquidated_damages'). amount = roundFen(base × multiplier); base, multiplier and rule
 * are recorded (§9.5). Postings: Dr hospital receivable / Cr fund income:liquidated_damages.
 */
export interface AssessLiquidatedDamages extends BudgetStreamKey {
  readonly type: 'AssessLiquidatedDamages';
  readonly receivableId: string;
  /** The year the penalty concerns (default: this stream's year); an earlier, closed year when posted late. */
  readonly serviceYear?: number;
  readonly baseYuan: string;
  readonly multiplier: string;
  readonly ruleId: string;
  readonly caseRef: string;
  readonly reason: string;
}

/**
 * Up to 11: the largest amplified refusal in the sources is 10× plus the refused case itself under the
 * additive reading of WE-9, and that is what is assessed here when it exceeds the month's claim.
 */
export const MAX_DAMAGES_MULTIPLIER = '11';

export function decideAssessLiquidatedDamages(
  command: AssessLiquidatedDamages,
  state: HospitalBudgetState,
  context: DecisionContext,
): LiquidatedDamagesAssessed[] {
  const key = streamKeyOf(command, state);
  assertOpen(state, key);
  const effectiveDate = assertEffectiveDate(context, key.year, 'budget');
  const receivableId = idInput(command.receivableId, 'receivableId');
  const serviceYear = serviceYearOf(command.serviceYear, key.year);
  const base = yuanInput(command.baseYuan, 'baseYuan');
  const multiplier = decimalInput(command.multiplier, 'multiplier', '0', MAX_DAMAGES_MULTIPLIER);
  const ruleId = idInput(command.ruleId, 'ruleId');
  const caseRef = textInput(command.caseRef, 'caseRef', 100);
  const reason = textInput(command.reason, 'reason');
  requireQuota(state);
  if (findReceivable(state, receivableId))
    throw alreadyExists(`receivable ${receivableId} already exists`, 'receivableId');
  const amount = roundFen(base.times(multiplier));
  // Damages that round to nothing are a data error, not a zero-yuan penalty.
  if (amount.isZero()) throw invalidField('multiplier', 'base × multiplier must be at least 0.01 yuan');
  const postings = [
    debit(key.fundId, hospitalAccount(key, 'receivable'), amount),
    credit(key.fundId, accounts.income(key.fundId, 'liquidated_damages'), amount),
  ];
  assertBalanced(postings);
  return [
    {
      type: 'LiquidatedDamagesAssessed',
      data: {
        ...eventBase(key, effectiveDate),
        receivableId,
        serviceYear,
        late: serviceYear < key.year,
        baseYuan: yuan(base),
        multiplier: command.multiplier,
        amountYuan: yuan(amount),
        ruleId,
        caseRef,
        reason,
        postings,
      },
    },
  ];
}
