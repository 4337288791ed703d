import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope } from '@ledger/platform';
import type { AllocationCommitResult } from '../allocation-run.service';
import type { CommitAllocationRunRequest } from './commit-allocation-run.request.dto';

export class CommitAllocationRunCommand extends Command<AllocationCommitResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: CommitAllocationRunRequest,
  ) {
    super();
  }
}
