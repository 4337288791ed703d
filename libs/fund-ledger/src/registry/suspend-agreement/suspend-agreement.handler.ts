import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { decisionFor } from '../../application/stream-decision';
import { payeeDecider } from '../registry.decider';
import { payeeStream } from '../registry.events';
import { SuspendAgreementCommand } from './suspend-agreement.command';

@CommandHandler(SuspendAgreementCommand)
export class SuspendAgreementHandler implements ICommandHandler<SuspendAgreementCommand, CommandResult> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ envelope, request }: SuspendAgreementCommand): Promise<CommandResult> {
    const { payeeId, fundId, reason, untilDate } = request;
    return this.pipeline.execute(
      envelope,
      decisionFor(payeeStream(payeeId), payeeDecider, {
        type: 'SuspendAgreement',
        data: { payeeId, fundId, reason, untilDate },
      }),
    );
  }
}
