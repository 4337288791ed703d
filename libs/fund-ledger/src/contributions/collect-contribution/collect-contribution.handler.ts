import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { RegistryLookups, type RegisteredFund } from '../../registry/registry-lookups';
import { onStream } from '../../application/stream-target';
import { collectionsEvolver } from '../contributions.streams';
import { decideCollectContribution } from './collect-contribution.decider';
import { contributionsStream } from '../contributions.events';
import { CollectContributionCommand } from './collect-contribution.command';
import type { CollectContributionRequest } from './collect-contribution.request.dto';

@CommandHandler(CollectContributionCommand)
export class CollectContributionHandler implements ICommandHandler<CollectContributionCommand, CommandResult> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly lookups: RegistryLookups,
  ) {}

  async execute({ envelope, request }: CollectContributionCommand): Promise<CommandResult> {
    const { fundId, source, amountYuan, period, payingFundId, subsidyLevel } = request;
    const fund = await this.lookups.fund(fundId);
    const payer = await this.payingFund(request);
    return this.pipeline.handle(
      envelope,
      onStream(contributionsStream(fundId, period), collectionsEvolver, 'CollectContribution'),
      (state, input) =>
        decideCollectContribution(
          {
            type: 'CollectContribution',
            data: {
              collectionId: request.collectionId ?? envelope.commandId,
              fundId,
              fundKind: fund.kind,
              source,
              amountYuan,
              period,
              payingFundId,
              payingFundKind: payer?.kind,
              subsidyLevel,
            },
          },
          state,
          input,
        ),
    );
  }

  /**
   * Only assistance_paid has a paying fund to look up. For any other source a payingFundId is passed
   * on unlooked-up, so the decider refuses it as a field that does not apply (400), not as a 404.
   */
  private async payingFund({ source, payingFundId }: CollectContributionRequest): Promise<RegisteredFund | undefined> {
    if (source !== 'assistance_paid' || payingFundId === undefined) return undefined;
    return this.lookups.fund(payingFundId, 'payingFundId');
  }
}
