import { invariant } from '../shared/decider';
import { DomainError, ErrorCodes } from '../shared/domain-error';
import { CollectionsState } from './contributions.state';

/** The handler loaded contributions-{fundId}-{period}; a command for another fund-month is its bug. */
export function assertStreamOf(state: CollectionsState, fundId: string, period: string): void {
  invariant(
    state.fundId === null || (state.fundId === fundId && state.period === period),
    `collection for ${fundId} ${period} decided on the stream of ${String(state.fundId)} ${String(state.period)}`,
  );
}

/** A collection id is booked once: a second booking would double the fund's income. */
export function assertNewCollection(state: CollectionsState, collectionId: string): void {
  if (state.collectionIds.has(collectionId)) {
    throw new DomainError(
      'conflict',
      ErrorCodes.ALREADY_EXISTS,
      `collection ${collectionId} is already booked`,
      'collectionId',
    );
  }
}
