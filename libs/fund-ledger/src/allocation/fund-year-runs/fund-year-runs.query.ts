import { Query } from '@nestjs/cqrs';
import type { RunView } from '../allocation-run.body';
import type { FundBudgetApprovedData } from '../fund-budget.events';

export interface FundYearRunsView {
  readonly fundId: string;
  readonly year: number;
  readonly fundBudget: FundBudgetApprovedData | null;
  readonly inForceRunId: string | null;
  readonly runs: RunView[];
}

/** The fund budget and every run put in force for the fund-year (the in-force one last), with lines. */
export class FundYearRunsQuery extends Query<FundYearRunsView> {
  constructor(
    readonly fundId: string,
    readonly year: number,
  ) {
    super();
  }
}
