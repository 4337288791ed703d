import { evolverOf } from '../application/stream-target';
import {
  evolveCollections,
  evolveContributionRates,
  initialCollectionsState,
  initialContributionRatesState,
} from './contributions.state';

/** Stream contribution-rates-{pooledFundId}-{year}. */
export const contributionRatesEvolver = evolverOf(initialContributionRatesState, evolveContributionRates);

/** Stream contributions-{fundId}-{YYYY-MM}. */
export const collectionsEvolver = evolverOf(initialCollectionsState, evolveCollections);
