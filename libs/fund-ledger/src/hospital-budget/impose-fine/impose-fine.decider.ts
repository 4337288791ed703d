import { roundFen, yuan } from '@ledger/money';
import type { DecisionContext } from '../../shared/decider';
import { invariant } from '../../shared/decider';
import { accounts, assertBalanced, credit, debit, TREASURY_FUND } from '../../shared/journal';
import { alreadyExists } from '../hospital-budget.errors';
import type { BudgetStreamKey, FineImposed } from '../hospital-budget.events';
import { assertEffectiveDate, assertOpen, eventBase, requireQuota, streamKeyOf } from '../hospital-budget.guards';
import { decimalInput, idInput, serviceYearOf, textInput, yuanInput } from '../hospital-budget.inputs';
import type { HospitalBudgetState } from '../hospital-budget.state';

/**
 * ImposeFine (罚款, administrative, R-ENF-1/4; WE-8: 2–5× the defrauded amount). A fine is paid to the
 * state treasury, never to the fund: the postings live only in the TREASURY memorandum, and it is not a
 * fund receivable (it is never offset against settlements). Recorded in this stream so the hospital's
 * year shows all three enforcement outcomes side by side (WE-17).
 */
export interface ImposeFine extends BudgetStreamKey {
  readonly type: 'ImposeFine';
  readonly fineId: string;
  /** The year the penalty concerns (default: this stream's year); an earlier, closed year when posted late. */
  readonly serviceYear?: number;
  readonly baseYuan: string;
  /** 1..10 */
  readonly multiplier: string;
  readonly ruleId: string;
  readonly caseRef: string;
  /** The administrative penalty decision (行政处罚决定书). */
  readonly decisionRef: string;
}

export function decideImposeFine(
  command: ImposeFine,
  state: HospitalBudgetState,
  context: DecisionContext,
): FineImposed[] {
  const key = streamKeyOf(command, state);
  assertOpen(state, key);
  const effectiveDate = assertEffectiveDate(context, key.year, 'budget');
  const fineId = idInput(command.fineId, 'fineId');
  const serviceYear = serviceYearOf(command.serviceYear, key.year);
  const base = yuanInput(command.baseYuan, 'baseYuan');
  const multiplier = decimalInput(command.multiplier, 'multiplier', '1', '10');
  const ruleId = idInput(command.ruleId, 'ruleId');
  const caseRef = textInput(command.caseRef, 'caseRef', 100);
  const decisionRef = textInput(command.decisionRef, 'decisionRef', 100);
  requireQuota(state);
  if (state.fineIds.includes(fineId)) throw alreadyExists(`fine ${fineId} already imposed`, 'fineId');
  const fine = roundFen(base.times(multiplier));
  const postings = [
    debit(TREASURY_FUND, accounts.finesReceivable(), fine),
    credit(TREASURY_FUND, accounts.finesPayableToTreasury(), fine),
  ];
  invariant(
    postings.every((p) => p.fundId === TREASURY_FUND),
    'a fine never touches a fund account',
  );
  assertBalanced(postings);
  return [
    {
      type: 'FineImposed',
      data: {
        ...eventBase(key, effectiveDate),
        fineId,
        serviceYear,
        late: serviceYear < key.year,
        baseYuan: yuan(base),
        multiplier: command.multiplier,
        fineYuan: yuan(fine),
        ruleId,
        caseRef,
        decisionRef,
        destination: 'treasury',
        postings,
      },
    },
  ];
}
