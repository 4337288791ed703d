import { Injectable, Module } from '@nestjs/common';
import { StreamLoader } from '@ledger/platform';
import { contributionRatesEvolver } from './contributions.streams';
import { contributionRatesStream, type ContributionRatesSnapshot } from './contributions.events';

/** The contribution rates in force for an employee pool and year (read by payroll collection and its GET). */
@Injectable()
export class ContributionRatesLookup {
  constructor(private readonly loader: StreamLoader) {}

  /** Null when none were set: the caller decides what absence means (a collection is refused, a read answers 404). */
  async current(pooledFundId: string, year: number): Promise<ContributionRatesSnapshot | null> {
    const { state } = await this.loader.load(contributionRatesStream(pooledFundId, year), contributionRatesEvolver);
    return state.current;
  }
}

@Module({ providers: [ContributionRatesLookup], exports: [ContributionRatesLookup] })
export class ContributionRatesLookupModule {}
