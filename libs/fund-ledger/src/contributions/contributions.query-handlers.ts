import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCodes, notFound } from '../shared/domain-error';
import { RegistryLookups } from '../registry/registry-lookups';
import { ContributionRatesLookup } from './contribution-rates.lookup';
import type { ContributionRatesView } from './contributions.queries.dto';
import { GetContributionRatesQuery } from './contributions.queries';

/** Contribution rates, folded from their stream at request time (the lookup payroll collection uses). */
@QueryHandler(GetContributionRatesQuery)
export class GetContributionRatesHandler implements IQueryHandler<GetContributionRatesQuery, ContributionRatesView> {
  constructor(
    private readonly lookups: RegistryLookups,
    private readonly rates: ContributionRatesLookup,
  ) {}

  async execute({ pooledFundId, year }: GetContributionRatesQuery): Promise<ContributionRatesView> {
    await this.lookups.fund(pooledFundId, 'pooledFundId');
    const current = await this.rates.current(pooledFundId, year);
    // Absent rates are a missing resource here (404); for a payroll collection they are a refusal (422).
    if (current === null) throw notFound(ErrorCodes.RATES_NOT_SET, `no contribution rates are set for ${pooledFundId} in ${year}`, 'year');
    return current;
  }
}
