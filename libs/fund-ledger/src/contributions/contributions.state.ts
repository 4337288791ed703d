import { assertNever, invariant } from '../shared/decider';
import { CollectionEvent, ContributionRatesEvent, ContributionRatesSnapshot } from './contributions.events';

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
}

export const initialCollectionsState = (): CollectionsState => ({
  fundId: null,
  period: null,
  collectionIds: new Set(),
});

export function evolveCollections(state: CollectionsState, event: CollectionEvent): CollectionsState {
  const { collectionId, period } = event.data;
  const fundId = receivingFundOf(event);
  invariant(
    state.fundId === null || (state.fundId === fundId && state.period === period),
    `${event.type} for another fund-month`,
  );
  invariant(!state.collectionIds.has(collectionId), `collection ${collectionId} booked twice`);
  return { fundId, period, collectionIds: new Set(state.collectionIds).add(collectionId) };
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
