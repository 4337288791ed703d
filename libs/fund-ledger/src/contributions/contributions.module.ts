import { Module } from '@nestjs/common';
import { ApplicationModule } from '../application/application.module';
import { CollectContributionController } from './collect-contribution/collect-contribution.controller';
import { CollectContributionHandler } from './collect-contribution/collect-contribution.handler';
import { CollectPayrollContributionController } from './collect-payroll-contribution/collect-payroll-contribution.controller';
import { CollectPayrollContributionHandler } from './collect-payroll-contribution/collect-payroll-contribution.handler';
import { ContributionsQueriesController } from './contributions.queries.controller';
import { SetContributionRatesController } from './set-contribution-rates/set-contribution-rates.controller';
import { SetContributionRatesHandler } from './set-contribution-rates/set-contribution-rates.handler';

/** Contribution rates and the collection of contributions and other income. */
@Module({
  imports: [ApplicationModule],
  controllers: [
    SetContributionRatesController,
    CollectPayrollContributionController,
    CollectContributionController,
    ContributionsQueriesController,
  ],
  providers: [SetContributionRatesHandler, CollectPayrollContributionHandler, CollectContributionHandler],
})
export class ContributionsModule {}
