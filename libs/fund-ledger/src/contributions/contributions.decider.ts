import { assertNever, DecisionContext, Decider } from '../shared/decider';
import { CollectContribution, decideCollectContribution } from './collect-contribution/collect-contribution.decider';
import {
  CollectPayrollContribution,
  decideCollectPayrollContribution,
} from './collect-payroll-contribution/collect-payroll-contribution.decider';
import { CollectionEvent, ContributionRatesEvent } from './contributions.events';
import {
  CollectionsState,
  ContributionRatesState,
  evolveCollections,
  evolveContributionRates,
  initialCollectionsState,
  initialContributionRatesState,
} from './contributions.state';
import {
  decideSetContributionRates,
  SetContributionRates,
} from './set-contribution-rates/set-contribution-rates.decider';

export type ContributionRatesCommand = SetContributionRates;

/** Stream contribution-rates-{pooledFundId}-{year}. */
export const contributionRatesDecider: Decider<
  ContributionRatesCommand,
  ContributionRatesEvent,
  ContributionRatesState
> = {
  initialState: initialContributionRatesState,
  evolve: evolveContributionRates,
  decide(
    command: ContributionRatesCommand,
    state: ContributionRatesState,
    context: DecisionContext,
  ): ContributionRatesEvent[] {
    switch (command.type) {
      case 'SetContributionRates':
        return decideSetContributionRates(command, state, context);
      default:
        return assertNever(command.type, 'contribution rates command');
    }
  },
};

export type CollectionCommand = CollectPayrollContribution | CollectContribution;

/** Stream contributions-{fundId}-{YYYY-MM}. */
export const collectionsDecider: Decider<CollectionCommand, CollectionEvent, CollectionsState> = {
  initialState: initialCollectionsState,
  evolve: evolveCollections,
  decide(command: CollectionCommand, state: CollectionsState, context: DecisionContext): CollectionEvent[] {
    switch (command.type) {
      case 'CollectPayrollContribution':
        return decideCollectPayrollContribution(command, state, context);
      case 'CollectContribution':
        return decideCollectContribution(command, state, context);
      default:
        return assertNever(command, 'collection command');
    }
  },
};
