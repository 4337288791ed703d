import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { onStream } from '../../application/stream-target';
import { payeeEvolver } from '../registry.streams';
import { decideTerminateAgreement } from './terminate-agreement.decider';
import { payeeStream } from '../registry.events';
import { TerminateAgreementCommand } from './terminate-agreement.command';

@CommandHandler(TerminateAgreementCommand)
export class TerminateAgreementHandler implements ICommandHandler<TerminateAgreementCommand, CommandResult> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ envelope, request }: TerminateAgreementCommand): Promise<CommandResult> {
    const { payeeId, fundId, reason, forCause } = request;
    return this.pipeline.handle(
      envelope,
      onStream(payeeStream(payeeId), payeeEvolver, 'TerminateAgreement'),
      (state, input) =>
        decideTerminateAgreement(
          {
            type: 'TerminateAgreement',
            data: { payeeId, fundId, reason, ...(forCause === undefined ? {} : { forCause }) },
          },
          state,
          input,
        ),
    );
  }
}
