import { assertNever, invariant } from '../shared/decider';
import {
  CollectionEvent,
  CollectionReversed,
  CollectionStreamEvent,
  ContributionRatesEvent,
  ContributionRatesSnapshot,
} from './contributions.events';

// ---- contribution-rates-{pooledFundId}-{year}

export interface ContributionRatesState {
  /** Revision of the last event folded; -1 for an empty stream. */
  readonly lastRevision: number;
  readonly current: ContributionRatesSnapshot | null;
}

export const initialContributionRatesState = (): ContributionRatesState => ({ lastRevision: -1, current: null });

export function evolveContributionRates(
  state: ContributionRatesState,
  event: ContributionRatesEvent,
): ContributionRatesState {
  switch (event.type) {
    case 'ContributionRatesSet': {
      const revision = state.lastRevision + 1;
      const { previousVersion, ...snapshot } = event.data;
      invariant(
        snapshot.version === String(revision),
        `rates version ${snapshot.version} recorded at revision ${revision}`,
      );
      invariant(previousVersion === (state.current?.version ?? null), 'rates previousVersion does not chain');
      return { lastRevision: revision, current: snapshot };
    }
    default:
      return assertNever(event.type, 'contribution rates event');
  }
}

// ---- contributions-{fundId}-{YYYY-MM}

export interface CollectionsState {
  readonly fundId: string | null;
  readonly period: string | null;
  /** Every collection id in this fund-month: a collection is never booked twice. */
  readonly collectionIds: ReadonlySet<string>;
  /** Events of this stream reversed (红字冲销): event id -> the request that reversed it (`stream@revision`). */
  readonly reversedEvents: ReadonlyMap<string, string>;
}

export const initialCollectionsState = (): CollectionsState => ({
  fundId: null,
  period: null,
  collectionIds: new Set(),
  reversedEvents: new Map(),
});

export function evolveCollections(state: CollectionsState, event: CollectionStreamEvent): CollectionsState {
  if (event.type === 'EventReversed') return evolveCollectionReversed(state, event);
  const { collectionId, period } = event.data;
  const fundId = receivingFundOf(event);
  invariant(
    state.fundId === null || (state.fundId === fundId && state.period === period),
    `${event.type} for another fund-month`,
  );
  invariant(!state.collectionIds.has(collectionId), `collection ${collectionId} booked twice`);
  return { ...state, fundId, period, collectionIds: new Set(state.collectionIds).add(collectionId) };
}

/** The collection reversed leaves the fund-month: its id may be booked again (the corrected collection). */
function evolveCollectionReversed(state: CollectionsState, event: CollectionReversed): CollectionsState {
  const { reversed, reversedEventId, requestStream, requestRevision } = event.data;
  const { collectionId } = reversed.data;
  invariant(state.fundId === event.data.fundId && state.period === event.data.period, 'reversal for another fund-month');
  invariant(receivingFundOf(reversed) === state.fundId, 'reversed collection of another fund');
  invariant(state.collectionIds.has(collectionId), `reversed collection ${collectionId} is not booked`);
  invariant(!state.reversedEvents.has(reversedEventId), `event ${reversedEventId} reversed twice`);
  const collectionIds = new Set(state.collectionIds);
  collectionIds.delete(collectionId);
  const reversedEvents = new Map(state.reversedEvents).set(reversedEventId, `${requestStream}@${requestRevision}`);
  return { ...state, collectionIds, reversedEvents };
}

/** The fund whose contributions stream holds the event. */
export function receivingFundOf(event: CollectionEvent): string {
  switch (event.type) {
    case 'PayrollContributionCollected':
      return event.data.pooledFundId;
    case 'ContributionCollected':
      return event.data.fundId;
    default:
      return assertNever(event, 'collection event');
  }
}
