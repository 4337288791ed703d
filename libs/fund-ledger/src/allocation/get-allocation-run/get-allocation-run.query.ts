import { Query } from '@nestjs/cqrs';
import type { AllocationRunCommittedData } from '../allocation-run.events';

export const ALLOCATION_RUN_NOT_FOUND = 'ALLOCATION_RUN_NOT_FOUND';

/** One committed run of a fund-year: `runId`, or the run in force. 404 ALLOCATION_RUN_NOT_FOUND otherwise. */
export class GetAllocationRunQuery extends Query<AllocationRunCommittedData> {
  constructor(
    readonly fundId: string,
    readonly year: number,
    readonly runId?: string,
  ) {
    super();
  }
}
