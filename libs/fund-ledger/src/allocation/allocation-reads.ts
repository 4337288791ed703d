import { Inject, Injectable } from '@nestjs/common';
import { MAX_PAGE_SIZE, type EventStore } from '@ledger/event-store';
import { EVENT_STORE, StreamLoader } from '@ledger/platform';
import { invariant } from '../shared/decider';
import { ErrorCodes, rejectRule } from '../shared/domain-error';
import type { HospitalAllocationInput } from './allocation.rules';
import { type AllocationHistoryState, type ImportProgress, isComplete } from './allocation-history.decider';
import { allocationHistoryStream, type AllocationInputsImportedData } from './allocation-history.events';
import type { AllocationRunCommittedData } from './allocation-run.events';
import { allocationHistoryEvolver, allocationRunEvolver, fundBudgetEvolver } from './allocation.streams';
import type { FundBudgetState } from './fund-budget.decider';
import { fundBudgetStream } from './fund-budget.events';

/**
 * The allocation's streams folded through the shared StreamLoader (its cache keyed by each fold): what the
 * use cases and the queries read before deciding or answering. Exported for the fund close (the run in force).
 */
@Injectable()
export class AllocationReads {
  constructor(
    private readonly loader: StreamLoader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async fundBudget(fundId: string, year: number): Promise<FundBudgetState> {
    return (await this.loader.load(fundBudgetStream(fundId, year), fundBudgetEvolver)).state;
  }

  async history(fundId: string, year: number): Promise<AllocationHistoryState> {
    return (await this.loader.load(allocationHistoryStream(fundId, year), allocationHistoryEvolver)).state;
  }

  async importProgress(fundId: string, year: number, importId: string): Promise<ImportProgress | undefined> {
    return (await this.history(fundId, year)).imports.get(importId);
  }

  async run(runId: string): Promise<AllocationRunCommittedData | null> {
    return (await this.loader.load(runId, allocationRunEvolver)).state.committed;
  }

  /** A run known to be committed (it was just appended, or the fund budget adopted it). */
  async committedRun(runId: string): Promise<AllocationRunCommittedData> {
    const run = await this.run(runId);
    invariant(run !== null, `run ${runId} is committed`);
    return run;
  }

  /** The in-force run of a fund-year, or null. */
  async inForceRun(fundId: string, year: number): Promise<AllocationRunCommittedData | null> {
    const { adoptedRunId } = await this.fundBudget(fundId, year);
    return adoptedRunId === null ? null : this.run(adoptedRunId);
  }

  /** Every record of a complete import, in chunk order. */
  async importedRecords(fundId: string, year: number, importId: string): Promise<HospitalAllocationInput[]> {
    const progress = await this.importProgress(fundId, year, importId);
    if (!isComplete(progress)) {
      const detail =
        progress === undefined ? 'has no chunk' : `has ${progress.received.size} of ${progress.chunks} chunks`;
      throw rejectRule(
        ErrorCodes.INVALID_TRANSITION,
        `import ${importId} of fund ${fundId} for ${year} ${detail}; send every chunk first`,
        'importId',
      );
    }
    const chunks: AllocationInputsImportedData[] = [];
    const stream = allocationHistoryStream(fundId, year);
    for (let from = 0n; ; ) {
      const page = await this.store.readStream(stream, { fromRevision: from, limit: MAX_PAGE_SIZE });
      for (const event of page) {
        const data = event.data as unknown as AllocationInputsImportedData;
        if (event.type === 'AllocationInputsImported' && data.importId === importId) chunks.push(data);
      }
      if (page.length < MAX_PAGE_SIZE) break;
      from = page[page.length - 1]!.revision + 1n;
    }
    return chunks.sort((a, b) => a.chunk - b.chunk).flatMap((c) => c.records);
  }
}
