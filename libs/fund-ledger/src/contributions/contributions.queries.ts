import { Query } from '@nestjs/cqrs';
import type { ContributionRatesView } from './contributions.queries.dto';

/** The contribution rates in force for an employee pool and year (404 RATES_NOT_SET when none were set). */
export class GetContributionRatesQuery extends Query<ContributionRatesView> {
  constructor(
    readonly pooledFundId: string,
    readonly year: number,
  ) {
    super();
  }
}
