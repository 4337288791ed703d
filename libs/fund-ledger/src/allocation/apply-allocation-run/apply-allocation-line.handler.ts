import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { onStream } from '../../application/stream-target';
import { budgetStreamName } from '../../hospital-budget/hospital-budget.events';
import { applicationEvolver } from '../allocation.streams';
import { decideApplication } from '../apply-allocation.decider';
import { ApplyAllocationLineCommand } from './apply-allocation-line.command';

/**
 * Decides from the budget stream's state at append time (through the hospital-budget decider and its
 * guards), under the allocation's own fold: the one the run's inputs were read with, so the loader's cached
 * state of the stream is caught up rather than refolded.
 */
@CommandHandler(ApplyAllocationLineCommand)
export class ApplyAllocationLineHandler implements ICommandHandler<ApplyAllocationLineCommand, CommandResult> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ envelope, application }: ApplyAllocationLineCommand): Promise<CommandResult> {
    const { fundId, payeeId, year } = application;
    return this.pipeline.handle(
      envelope,
      onStream(budgetStreamName(fundId, payeeId, year), applicationEvolver, 'ApplyAllocationLine'),
      (state, input) => decideApplication(application, state, input),
    );
  }
}
