import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RegistryLookups } from '../../registry/registry-lookups';
import { DomainError } from '../../shared/domain-error';
import { type AllocationRunCommittedData, allocationRunId, METHOD_VERSION_PATTERN } from '../allocation-run.events';
import { AllocationReads } from '../allocation-reads';
import { ALLOCATION_RUN_NOT_FOUND, GetAllocationRunQuery } from './get-allocation-run.query';

@QueryHandler(GetAllocationRunQuery)
export class GetAllocationRunHandler implements IQueryHandler<GetAllocationRunQuery, AllocationRunCommittedData> {
  constructor(
    private readonly reads: AllocationReads,
    private readonly lookups: RegistryLookups,
  ) {}

  async execute({ fundId, year, runId }: GetAllocationRunQuery): Promise<AllocationRunCommittedData> {
    await this.lookups.fund(fundId);
    // Only this fund-year's run streams are ever folded as runs.
    if (runId !== undefined && !isRunOf(runId, fundId, year)) {
      throw runNotFound(`${runId} is not an allocation run of fund ${fundId} for ${year}`);
    }
    const run = runId === undefined ? await this.reads.inForceRun(fundId, year) : await this.reads.run(runId);
    if (run === null || run.fundId !== fundId || run.year !== year) {
      throw runNotFound(`no ${runId ?? 'allocation run in force'} for fund ${fundId} in ${year}`);
    }
    return run;
  }
}

function isRunOf(runId: string, fundId: string, year: number): boolean {
  const prefix = allocationRunId(fundId, year, '');
  return runId.startsWith(prefix) && METHOD_VERSION_PATTERN.test(runId.slice(prefix.length));
}

const runNotFound = (message: string): DomainError =>
  new DomainError('not_found', ALLOCATION_RUN_NOT_FOUND, message, 'runId');
