import type { DecisionContext } from '../shared/decider';
import { invariant } from '../shared/decider';
import { chunkedGet, chunkedHas } from '../fund-book/chunked-map';
import type { FundPaymentRecorded, FundPaymentReversed } from '../fund-book/fund-book.events';
import type { FundBookState } from '../fund-book/fund-book.state';
import { ReversalErrorCodes, refuseReversal } from './reversal.errors';
import {
  assertNotBeforeTarget,
  negatePostings,
  postingsOf,
  reversalFacts,
  reversalStatus,
  type ReverseEvent,
} from './reversal.rules';

/**
 * Reverses a fund payment in its fund book (fundbook-{fundId}). An opening balance is corrected by the
 * closing statement it comes from, and a settled open item by its own settlement: neither is reversed
 * here. A closed fund-year is checked by the handler (the fund close answers), before this decides.
 */
export function decideFundPaymentReversal(
  command: ReverseEvent,
  state: FundBookState,
  context: DecisionContext,
): FundPaymentReversed[] {
  const reversed = checkFundPaymentReversal(command, state, context);
  if (reversed === null) return [];
  const postings = negatePostings(postingsOf(command.target));
  return [
    {
      type: 'EventReversed',
      data: {
        fundId: reversed.data.fundId,
        effectiveDate: context.effectiveDate,
        ...reversalFacts(command, postings),
        reversed,
      },
    },
  ];
}

export function checkFundPaymentReversal(
  command: ReverseEvent,
  state: FundBookState,
  context: DecisionContext,
): FundPaymentRecorded | null {
  if (reversalStatus(state.reversedEvents, command) === 'again') return null;
  const { target } = command;
  if (target.type !== 'FundPaymentRecorded') {
    throw refuseReversal(
      ReversalErrorCodes.REVERSAL_NOT_SUPPORTED,
      `${target.type} events are not reversed; in a fund book only fund payments are`,
      'eventId',
    );
  }
  // The data as the fund book's decider wrote it (read back from its stream).
  const reversed = target as unknown as FundPaymentRecorded;
  const { paymentId, openItem, amountYuan, fundId } = reversed.data;
  invariant(state.fundId === fundId && chunkedHas(state.ids, paymentId), `payment ${paymentId} is booked here`);
  if (openItem !== null) {
    const item = chunkedGet(state.openItems, openItem.itemId);
    if (item === undefined || !item.outstanding.equals(amountYuan)) {
      throw refuseReversal(
        ReversalErrorCodes.REVERSAL_BLOCKED,
        `the open item ${openItem.itemId} this payment opened is already settled in part; its settlement stands`,
        'eventId',
      );
    }
  }
  assertNotBeforeTarget(target, context.effectiveDate);
  return { type: 'FundPaymentRecorded', data: reversed.data };
}
