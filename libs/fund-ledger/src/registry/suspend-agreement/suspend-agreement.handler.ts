import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { onStream } from '../../application/stream-target';
import { payeeEvolver } from '../registry.streams';
import { decideSuspendAgreement } from './suspend-agreement.decider';
import { payeeStream } from '../registry.events';
import { SuspendAgreementCommand } from './suspend-agreement.command';

@CommandHandler(SuspendAgreementCommand)
export class SuspendAgreementHandler implements ICommandHandler<SuspendAgreementCommand, CommandResult> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ envelope, request }: SuspendAgreementCommand): Promise<CommandResult> {
    const { payeeId, fundId, reason, untilDate } = request;
    return this.pipeline.handle(
      envelope,
      onStream(payeeStream(payeeId), payeeEvolver, 'SuspendAgreement'),
      (state, input) =>
        decideSuspendAgreement(
          {
            type: 'SuspendAgreement',
            data: { payeeId, fundId, reason, untilDate },
          },
          state,
          input,
        ),
    );
  }
}
