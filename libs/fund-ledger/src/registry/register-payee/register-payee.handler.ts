import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { onStream } from '../../application/stream-target';
import { payeeEvolver } from '../registry.streams';
import { decideRegisterPayee } from './register-payee.decider';
import { payeeStream } from '../registry.events';
import { RegisterPayeeCommand } from './register-payee.command';

@CommandHandler(RegisterPayeeCommand)
export class RegisterPayeeHandler implements ICommandHandler<RegisterPayeeCommand, CommandResult> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ envelope, request }: RegisterPayeeCommand): Promise<CommandResult> {
    const { payeeId, name, type, level, region } = request;
    return this.pipeline.handle(
      envelope,
      onStream(payeeStream(payeeId), payeeEvolver, 'RegisterPayee'),
      (state, input) =>
        decideRegisterPayee(
          {
            type: 'RegisterPayee',
            data: { payeeId, name, type, level, class: request.class, region },
          },
          state,
          input,
        ),
    );
  }
}
