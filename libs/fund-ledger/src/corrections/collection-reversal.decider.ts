import type { DecisionContext } from '../shared/decider';
import { invariant } from '../shared/decider';
import type { CollectionEvent, CollectionReversed } from '../contributions/contributions.events';
import { type CollectionsState, receivingFundOf } from '../contributions/contributions.state';
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
 * Reverses a collection in its contributions-{fundId}-{period} stream: every posting of its split (pooled,
 * personal, maternity; or the assistance fund's payment) negated, so each fund gets back exactly its part.
 * A closed fund-year is checked by the handler (the fund close answers), before this decides.
 */
export function decideCollectionReversal(
  command: ReverseEvent,
  state: CollectionsState,
  context: DecisionContext,
): CollectionReversed[] {
  const reversed = checkCollectionReversal(command, state, context);
  if (reversed === null) return [];
  invariant(state.fundId !== null && state.period !== null, 'a reversed collection belongs to an existing stream');
  const postings = negatePostings(postingsOf(command.target));
  return [
    {
      type: 'EventReversed',
      data: {
        fundId: state.fundId,
        period: state.period,
        effectiveDate: context.effectiveDate,
        ...reversalFacts(command, postings),
        reversed,
      },
    },
  ];
}

export function checkCollectionReversal(
  command: ReverseEvent,
  state: CollectionsState,
  context: DecisionContext,
): CollectionEvent | null {
  if (reversalStatus(state.reversedEvents, command) === 'again') return null;
  const { target } = command;
  if (target.type !== 'PayrollContributionCollected' && target.type !== 'ContributionCollected') {
    throw refuseReversal(ReversalErrorCodes.REVERSAL_NOT_SUPPORTED, `${target.type} events are not reversed`, 'eventId');
  }
  // The data as the collection deciders wrote it (read back from its stream).
  const reversed = { type: target.type, data: target.data } as unknown as CollectionEvent;
  invariant(receivingFundOf(reversed) === state.fundId, `collection of another fund read from ${target.stream}`);
  invariant(state.collectionIds.has(reversed.data.collectionId), `collection ${reversed.data.collectionId} is booked`);
  assertNotBeforeTarget(target, context.effectiveDate);
  return reversed;
}
