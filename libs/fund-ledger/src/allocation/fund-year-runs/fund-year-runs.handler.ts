import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RegistryLookups } from '../../registry/registry-lookups';
import { lineView, runLines } from '../allocation-run.events';
import { type RunView, summaryOf } from '../allocation-run.body';
import { AllocationReads } from '../allocation-reads';
import { FundYearRunsQuery, type FundYearRunsView } from './fund-year-runs.query';

@QueryHandler(FundYearRunsQuery)
export class FundYearRunsHandler implements IQueryHandler<FundYearRunsQuery, FundYearRunsView> {
  constructor(
    private readonly reads: AllocationReads,
    private readonly lookups: RegistryLookups,
  ) {}

  async execute({ fundId, year }: FundYearRunsQuery): Promise<FundYearRunsView> {
    await this.lookups.fund(fundId);
    const budget = await this.reads.fundBudget(fundId, year);
    const runs: RunView[] = [];
    for (const adoption of budget.adoptions) {
      const run = await this.reads.committedRun(adoption.runId);
      runs.push({
        ...summaryOf(run),
        status: adoption.runId === budget.adoptedRunId ? 'in_force' : 'superseded',
        adoptedOn: adoption.effectiveDate,
        lines: runLines(run).map(lineView),
      });
    }
    return { fundId, year, fundBudget: budget.approved, inForceRunId: budget.adoptedRunId, runs };
  }
}
