import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { decisionFor } from '../../application/stream-decision';
import { payeeDecider } from '../registry.decider';
import { payeeStream } from '../registry.events';
import { ReinstateAgreementCommand } from './reinstate-agreement.command';

@CommandHandler(ReinstateAgreementCommand)
export class ReinstateAgreementHandler implements ICommandHandler<ReinstateAgreementCommand, CommandResult> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ envelope, request }: ReinstateAgreementCommand): Promise<CommandResult> {
    const { payeeId, fundId, reason } = request;
    return this.pipeline.execute(
      envelope,
      decisionFor(payeeStream(payeeId), payeeDecider, { type: 'ReinstateAgreement', data: { payeeId, fundId, reason } }),
    );
  }
}
