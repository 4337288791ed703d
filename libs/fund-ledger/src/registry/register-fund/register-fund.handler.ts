import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { decisionFor } from '../../application/stream-decision';
import { fundDecider } from '../registry.decider';
import { fundStream } from '../registry.events';
import { RegisterFundCommand } from './register-fund.command';

@CommandHandler(RegisterFundCommand)
export class RegisterFundHandler implements ICommandHandler<RegisterFundCommand, CommandResult> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ envelope, request }: RegisterFundCommand): Promise<CommandResult> {
    const { fundId, name, kind, poolingRegion } = request;
    return this.pipeline.execute(
      envelope,
      decisionFor(fundStream(fundId), fundDecider, {
        type: 'RegisterFund',
        data: { fundId, name, kind, poolingRegion },
      }),
    );
  }
}
