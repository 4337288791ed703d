import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { RegistryLookups } from '../../registry/registry-lookups';
import { onStream } from '../../application/stream-target';
import { fundBudgetEvolver } from '../allocation.streams';
import { type ApproveFundBudget, decideFundBudget } from '../fund-budget.decider';
import { fundBudgetStream } from '../fund-budget.events';
import { ApproveFundBudgetCommand } from './approve-fund-budget.command';

@CommandHandler(ApproveFundBudgetCommand)
export class ApproveFundBudgetHandler implements ICommandHandler<ApproveFundBudgetCommand, CommandResult> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly lookups: RegistryLookups,
  ) {}

  async execute({ envelope, request }: ApproveFundBudgetCommand): Promise<CommandResult> {
    const { fundId, year, totalForQuotasYuan, basis, differenceReason } = request;
    await this.lookups.fund(fundId);
    // Plain data: the validated DTO's instances carry class identity and undefined keys.
    const command: ApproveFundBudget = {
      type: 'ApproveFundBudget',
      fundId,
      year,
      totalForQuotasYuan,
      basis: {
        projectedIncomeYuan: basis.projectedIncomeYuan,
        reserveYuan: basis.reserveYuan,
        excludedEarmarks: basis.excludedEarmarks.map((e) => ({ name: e.name, amountYuan: e.amountYuan })),
      },
      differenceReason: differenceReason ?? null,
    };
    return this.pipeline.handle(
      envelope,
      onStream(fundBudgetStream(fundId, year), fundBudgetEvolver, 'ApproveFundBudget'),
      (state, input) => decideFundBudget(command, state, input),
    );
  }
}
