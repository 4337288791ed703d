import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { onStream } from '../../application/stream-target';
import { payeeEvolver } from '../registry.streams';
import { decideReinstateAgreement } from './reinstate-agreement.decider';
import { payeeStream } from '../registry.events';
import { ReinstateAgreementCommand } from './reinstate-agreement.command';

@CommandHandler(ReinstateAgreementCommand)
export class ReinstateAgreementHandler implements ICommandHandler<ReinstateAgreementCommand, CommandResult> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ envelope, request }: ReinstateAgreementCommand): Promise<CommandResult> {
    const { payeeId, fundId, reason } = request;
    return this.pipeline.handle(
      envelope,
      onStream(payeeStream(payeeId), payeeEvolver, 'ReinstateAgreement'),
      (state, input) =>
        decideReinstateAgreement(
          {
            type: 'ReinstateAgreement',
            data: { payeeId, fundId, reason },
          },
          state,
          input,
        ),
    );
  }
}
