import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { onStream } from '../../application/stream-target';
import { fundEvolver } from '../registry.streams';
import { decideRegisterFund } from './register-fund.decider';
import { fundStream } from '../registry.events';
import { RegisterFundCommand } from './register-fund.command';

@CommandHandler(RegisterFundCommand)
export class RegisterFundHandler implements ICommandHandler<RegisterFundCommand, CommandResult> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ envelope, request }: RegisterFundCommand): Promise<CommandResult> {
    const { fundId, name, kind, poolingRegion } = request;
    return this.pipeline.handle(envelope, onStream(fundStream(fundId), fundEvolver, 'RegisterFund'), (state, input) =>
      decideRegisterFund(
        {
          type: 'RegisterFund',
          data: { fundId, name, kind, poolingRegion },
        },
        state,
        input,
      ),
    );
  }
}
