import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { RegistryLookups } from '../../registry/registry-lookups';
import { onStream } from '../../application/stream-target';
import { contributionRatesEvolver } from '../contributions.streams';
import { decideSetContributionRates } from './set-contribution-rates.decider';
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
    return this.pipeline.handle(
      envelope,
      onStream(contributionRatesStream(pooledFundId, year), contributionRatesEvolver, 'SetContributionRates'),
      (state, input) =>
        decideSetContributionRates(
          {
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
          },
          state,
          input,
        ),
    );
  }
}
