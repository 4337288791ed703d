import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { ApproveFundBudget } from '../fund-budget.decider';

/** The fund-year budget as sent (the HTTP request, validated, is one). */
export interface ApproveFundBudgetBody {
  readonly fundId: string;
  readonly year: number;
  readonly totalForQuotasYuan: string;
  readonly basis: ApproveFundBudget['basis'];
  readonly differenceReason?: string | null;
}

export class ApproveFundBudgetCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: ApproveFundBudgetBody,
  ) {
    super();
  }
}
