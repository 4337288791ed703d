import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { ErrorCodes, rejectRule } from '../../shared/domain-error';
import { requirePeriod } from '../../registry/calendar';
import { RegistryLookups } from '../../registry/registry-lookups';
import { ContributionRatesLookup } from '../contribution-rates.lookup';
import { onStream } from '../../application/stream-target';
import { collectionsEvolver } from '../contributions.streams';
import { decideCollectPayrollContribution } from './collect-payroll-contribution.decider';
import { contributionsStream, type ContributionRatesSnapshot } from '../contributions.events';
import { CollectPayrollContributionCommand } from './collect-payroll-contribution.command';

@CommandHandler(CollectPayrollContributionCommand)
export class CollectPayrollContributionHandler
  implements ICommandHandler<CollectPayrollContributionCommand, CommandResult>
{
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly lookups: RegistryLookups,
    private readonly rates: ContributionRatesLookup,
  ) {}

  async execute({ envelope, request }: CollectPayrollContributionCommand): Promise<CommandResult> {
    const { pooledFundId, period, employerId, declaredBaseYuan, headcount } = request;
    await this.lookups.fund(pooledFundId, 'pooledFundId');
    const rates = await this.ratesFor(pooledFundId, period);
    return this.pipeline.handle(
      envelope,
      onStream(contributionsStream(pooledFundId, period), collectionsEvolver, 'CollectPayrollContribution'),
      (state, input) =>
        decideCollectPayrollContribution(
          {
            type: 'CollectPayrollContribution',
            data: {
              // The command id is already unique per request; a client that books from its own ledger names the collection.
              collectionId: request.collectionId ?? envelope.commandId,
              employerId,
              period,
              declaredBaseYuan,
              headcount,
              rates,
            },
          },
          state,
          input,
        ),
    );
  }

  /**
   * The rates version in force for the period's year, recorded in the event. A read of another stream
   * at decision time: a rates change racing this collection is ordered by which one reads first.
   */
  private async ratesFor(pooledFundId: string, period: string): Promise<ContributionRatesSnapshot> {
    const { year } = requirePeriod(period, 'period');
    const rates = await this.rates.current(pooledFundId, year);
    if (rates === null) {
      throw rejectRule(
        ErrorCodes.RATES_NOT_SET,
        `no contribution rates are set for ${pooledFundId} in ${year}`,
        'period',
      );
    }
    return rates;
  }
}
