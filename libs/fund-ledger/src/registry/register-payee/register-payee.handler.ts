import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { decisionFor } from '../../application/stream-decision';
import { payeeDecider } from '../registry.decider';
import { payeeStream } from '../registry.events';
import { RegisterPayeeCommand } from './register-payee.command';

@CommandHandler(RegisterPayeeCommand)
export class RegisterPayeeHandler implements ICommandHandler<RegisterPayeeCommand, CommandResult> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ envelope, request }: RegisterPayeeCommand): Promise<CommandResult> {
    const { payeeId, name, type, level, region } = request;
    return this.pipeline.execute(
      envelope,
      decisionFor(payeeStream(payeeId), payeeDecider, {
        type: 'RegisterPayee',
        data: { payeeId, name, type, level, class: request.class, region },
      }),
    );
  }
}
