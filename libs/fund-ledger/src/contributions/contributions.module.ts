import { Module } from '@nestjs/common';
import { RegistryLookupsModule } from '../registry/registry-lookups.module';
import { ContributionRatesLookupModule } from './contribution-rates.lookup';
import { CollectContributionController } from './collect-contribution/collect-contribution.controller';
import { CollectContributionHandler } from './collect-contribution/collect-contribution.handler';
import { CollectPayrollContributionController } from './collect-payroll-contribution/collect-payroll-contribution.controller';
import { CollectPayrollContributionHandler } from './collect-payroll-contribution/collect-payroll-contribution.handler';
import { ContributionsQueriesController } from './contributions.queries.controller';
import { GetContributionRatesHandler } from './contributions.query-handlers';
import { SetContributionRatesController } from './set-contribution-rates/set-contribution-rates.controller';
import { SetContributionRatesHandler } from './set-contribution-rates/set-contribution-rates.handler';

/** Contribution rates and the collection of contributions and other income. */
@Module({
  imports: [RegistryLookupsModule, ContributionRatesLookupModule],
  controllers: [
    SetContributionRatesController,
    CollectPayrollContributionController,
    CollectContributionController,
    ContributionsQueriesController,
  ],
  providers: [SetContributionRatesHandler, CollectPayrollContributionHandler, CollectContributionHandler, GetContributionRatesHandler],
})
export class ContributionsModule {}
