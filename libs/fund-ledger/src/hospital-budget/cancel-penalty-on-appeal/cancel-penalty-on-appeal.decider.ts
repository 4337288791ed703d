import { yuan } from '@ledger/money';
import type { DecisionContext } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import { assertBalanced, type Posting } from '../../shared/journal';
import { DueProcessErrorCodes, dueProcessNotFound, rejectDueProcess } from '../hospital-budget.due-process.errors';
import { type PenaltyRecord, penaltyOf } from '../hospital-budget.due-process.state';
import { type BudgetStreamKey, PENALTY_KINDS, type PenaltyCancelledOnAppeal, type PenaltyKind } from '../hospital-budget.events';
import { assertEffectiveDate, assertOpen, eventBase, streamKeyOf } from '../hospital-budget.guards';
import { idInput, oneOf, textInput } from '../hospital-budget.inputs';
import { findReceivable, type HospitalBudgetState } from '../hospital-budget.state';

/**
 * CancelPenaltyOnAppeal (复议/诉讼撤销): liquidated damages (违约金) or a fine (罚款) set aside by an appeal
 * decision. The assessment's postings are negated exactly (each line on the other side, same amount), so
 * the damages' receivable and income, or the fine's treasury memorandum, net to zero; the hospital-year,
 * its year end and its views no longer count the penalty. Once: a second cancellation is 422. Damages of
 * which any part was recovered (offset or repaid) are refused: paying that back is a payment, not a
 * cancellation (the payment cycle, issue #14 §3).
 */
export interface CancelPenaltyOnAppeal extends BudgetStreamKey {
  readonly type: 'CancelPenaltyOnAppeal';
  readonly penaltyKind: PenaltyKind;
  /** The damages' receivableId or the fineId. */
  readonly penaltyId: string;
  /** The appeal decision (行政复议决定书 / 判决书). */
  readonly decisionRef: string;
  readonly reason: string;
}

export function decideCancelPenaltyOnAppeal(
  command: CancelPenaltyOnAppeal,
  state: HospitalBudgetState,
  context: DecisionContext,
): PenaltyCancelledOnAppeal[] {
  const key = streamKeyOf(command, state);
  assertOpen(state, key);
  const effectiveDate = assertEffectiveDate(context, key.year, 'budget');
  const penaltyKind = oneOf(command.penaltyKind, 'penaltyKind', PENALTY_KINDS);
  const penaltyId = idInput(command.penaltyId, 'penaltyId');
  const decisionRef = textInput(command.decisionRef, 'decisionRef', 100);
  const reason = textInput(command.reason, 'reason');
  const record = penaltyOf(state.dueProcess, penaltyKind, penaltyId);
  if (record === undefined) {
    throw dueProcessNotFound(DueProcessErrorCodes.PENALTY_NOT_FOUND, `no ${penaltyKind} ${penaltyId} assessed on this hospital-year`, 'penaltyId');
  }
  if (record.cancelledOn !== null) {
    throw rejectDueProcess(
      DueProcessErrorCodes.PENALTY_ALREADY_CANCELLED,
      `${penaltyKind} ${penaltyId} was cancelled on appeal on ${record.cancelledOn} (${record.cancelDecisionRef ?? ''})`,
      'penaltyId',
    );
  }
  if (effectiveDate < record.assessedOn) {
    throw invalidField('effectiveDate', `the cancellation cannot precede the assessment of ${record.assessedOn}`);
  }
  if (penaltyKind === 'liquidated_damages') assertNothingRecovered(state, record);
  const postings = record.postings.map(negated);
  assertBalanced(postings);
  return [
    {
      type: 'PenaltyCancelledOnAppeal',
      data: {
        ...eventBase(key, effectiveDate),
        penaltyKind,
        penaltyId,
        amountYuan: yuan(record.amountYuan),
        ruleId: record.ruleId,
        serviceYear: record.serviceYear,
        assessedOn: record.assessedOn,
        decisionRef,
        reason,
        postings,
      },
    },
  ];
}

function assertNothingRecovered(state: HospitalBudgetState, record: PenaltyRecord): void {
  const receivable = findReceivable(state, record.penaltyId);
  const outstanding = receivable?.outstandingYuan;
  if (outstanding === undefined || !outstanding.equals(record.amountYuan)) {
    const recovered = outstanding === undefined ? record.amountYuan : record.amountYuan.minus(outstanding);
    throw rejectDueProcess(
      DueProcessErrorCodes.PENALTY_ALREADY_RECOVERED,
      `${yuan(recovered)} of damages ${record.penaltyId} were recovered already; refunding them is a payment, not a cancellation`,
      'penaltyId',
    );
  }
}

/** The exact negation of a posting: the same account and amount on the other side. */
function negated(posting: Posting): Posting {
  return { ...posting, side: posting.side === 'debit' ? 'credit' : 'debit' };
}
