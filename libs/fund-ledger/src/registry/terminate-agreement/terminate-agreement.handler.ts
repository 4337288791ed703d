import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { decisionFor } from '../../application/stream-decision';
import { payeeDecider } from '../registry.decider';
import { payeeStream } from '../registry.events';
import { TerminateAgreementCommand } from './terminate-agreement.command';

@CommandHandler(TerminateAgreementCommand)
export class TerminateAgreementHandler implements ICommandHandler<TerminateAgreementCommand, CommandResult> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ envelope, request }: TerminateAgreementCommand): Promise<CommandResult> {
    const { payeeId, fundId, reason } = request;
    return this.pipeline.execute(
      envelope,
      decisionFor(payeeStream(payeeId), payeeDecider, { type: 'TerminateAgreement', data: { payeeId, fundId, reason } }),
    );
  }
}
