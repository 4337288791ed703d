import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { AllocationRunService } from '../allocation-run.service';
import { ApproveFundBudgetCommand } from './approve-fund-budget.command';

@CommandHandler(ApproveFundBudgetCommand)
export class ApproveFundBudgetHandler implements ICommandHandler<ApproveFundBudgetCommand, CommandResult> {
  constructor(private readonly allocations: AllocationRunService) {}

  execute({ envelope, request }: ApproveFundBudgetCommand): Promise<CommandResult> {
    const { fundId, year, totalForQuotasYuan, basis, differenceReason } = request;
    return this.allocations.approveFundBudget(envelope, {
      fundId,
      year,
      totalForQuotasYuan,
      basis: {
        projectedIncomeYuan: basis.projectedIncomeYuan,
        reserveYuan: basis.reserveYuan,
        excludedEarmarks: basis.excludedEarmarks.map((e) => ({ name: e.name, amountYuan: e.amountYuan })),
      },
      differenceReason: differenceReason ?? null,
    });
  }
}
