import type { DecisionContext } from '../../shared/decider';
import { accounts, assertBalanced, credit, debit } from '../../shared/journal';
import { HospitalBudgetErrorCodes, rejectLocalRule } from '../hospital-budget.errors';
import type { BudgetStreamKey, HeldYearEndPaymentReleased } from '../hospital-budget.events';
import { assertEffectiveDate, eventBase, hospitalAccount, streamKeyOf } from '../hospital-budget.guards';
import { MAX_ID_LENGTH, optionalText, textInput } from '../hospital-budget.inputs';
import type { HospitalBudgetState } from '../hospital-budget.state';

/**
 * ReleaseHeldYearEndPayment: pays the year-end payment that YearEndSettled held because the hospital's
 * agreement was terminated for cause, once a decision releases it. The whole held amount is paid (Dr
 * deferred_payable, Cr cash), once. It is the one command a settled (closed) year accepts: it changes none
 * of the year's figures, it pays what the year end already owed. The releasing actor is recorded in the
 * event (four-eyes approval of payments is issue #14 §3).
 */
export interface ReleaseHeldYearEndPayment extends BudgetStreamKey {
  readonly type: 'ReleaseHeldYearEndPayment';
  /** The decision that releases the payment (决定书文号). */
  readonly decisionRef: string;
  readonly note?: string | null;
  /** The principal of the command (from the envelope, never the body). */
  readonly releasedBy: { readonly actor: string; readonly role: string };
}

export function decideReleaseHeldYearEndPayment(
  command: ReleaseHeldYearEndPayment,
  state: HospitalBudgetState,
  context: DecisionContext,
): HeldYearEndPaymentReleased[] {
  const key = streamKeyOf(command, state);
  const effectiveDate = assertEffectiveDate(context, key.year, 'year_end');
  const decisionRef = textInput(command.decisionRef, 'decisionRef', MAX_ID_LENGTH);
  const note = optionalText(command.note, 'note');
  const releasedBy = {
    actor: textInput(command.releasedBy?.actor, 'releasedBy.actor', MAX_ID_LENGTH),
    role: textInput(command.releasedBy?.role, 'releasedBy.role', MAX_ID_LENGTH),
  };
  const amount = state.heldPayableYuan;
  if (!state.closed || amount.isZero()) {
    const why = !state.closed
      ? `budget year ${key.year} of ${key.payeeId} is not settled yet`
      : state.heldPaymentReleasedOn !== null
        ? `the held year-end payment of ${key.payeeId} for ${key.year} was released on ${state.heldPaymentReleasedOn}`
        : `the year-end settlement of ${key.payeeId} for ${key.year} held no payment`;
    throw rejectLocalRule(HospitalBudgetErrorCodes.NO_HELD_PAYMENT, `${why}: nothing to release`, 'year');
  }
  const fund = key.fundId;
  const postings = [
    debit(fund, hospitalAccount(key, 'deferred_payable'), amount),
    credit(fund, accounts.cash(fund), amount),
  ];
  assertBalanced(postings);
  return [
    {
      type: 'HeldYearEndPaymentReleased',
      data: {
        ...eventBase(key, effectiveDate),
        amountYuan: postings[0]!.amountYuan,
        decisionRef,
        note,
        releasedBy,
        postings,
      },
    },
  ];
}
