import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { RegistryLookups } from '../../application/registry-lookups';
import { decisionFor } from '../../application/stream-decision';
import { contributionRatesDecider } from '../contributions.decider';
import { contributionRatesStream } from '../contributions.events';
import { SetContributionRatesCommand } from './set-contribution-rates.command';

@CommandHandler(SetContributionRatesCommand)
export class SetContributionRatesHandler implements ICommandHandler<SetContributionRatesCommand, CommandResult> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly lookups: RegistryLookups,
  ) {}

  async execute({ envelope, request }: SetContributionRatesCommand): Promise<CommandResult> {
    const { pooledFundId, personalFundId, maternityFundId, year } = request;
    // One after the other, so a request naming two unknown funds always gets the 404 of the first.
    const pooled = await this.lookups.fund(pooledFundId, 'pooledFundId');
    const personal = await this.lookups.fund(personalFundId, 'personalFundId');
    const maternity = await this.lookups.fund(maternityFundId, 'maternityFundId');
    return this.pipeline.execute(
      envelope,
      decisionFor(contributionRatesStream(pooledFundId, year), contributionRatesDecider, {
        type: 'SetContributionRates',
        data: {
          pooledFundId,
          personalFundId,
          maternityFundId,
          year,
          employerRate: request.employerRate,
          maternityRateOfPayroll: request.maternityRateOfPayroll,
          employeeRate: request.employeeRate,
          personalShareOfEmployerBasic: request.personalShareOfEmployerBasic,
          baseFloorYuan: request.baseFloorYuan,
          pooledFundKind: pooled.kind,
          personalFundKind: personal.kind,
          maternityFundKind: maternity.kind,
        },
      }),
    );
  }
}
