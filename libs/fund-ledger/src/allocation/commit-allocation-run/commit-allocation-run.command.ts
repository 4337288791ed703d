import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope } from '@ledger/platform';
import type { AllocationRunRequestBody, RunSummary } from '../allocation-run.body';
import type { ApplicationReport } from '../apply-allocation-run/apply-allocation-run.command';
import type { ProgressCallback } from '../concurrency';

export interface AllocationCommitResult {
  readonly commandId: string;
  readonly runId: string;
  readonly stream: string;
  /** Position of the AllocationRunCommitted event written now, null when the run already existed. */
  readonly position: string | null;
  /** True when this command id was already answered (the run's commit replayed). */
  readonly replayed: boolean;
  /** 'appended' now, or 'already_committed' (the same inputs, by this or another command). */
  readonly committed: 'appended' | 'already_committed';
  readonly adoption: {
    readonly stream: string;
    readonly status: 'adopted' | 'already_in_force';
    readonly position: string | null;
  };
  readonly run: RunSummary;
  readonly application: ApplicationReport;
}

/** Commits a run, puts it in force and applies it; `onProgress` follows the application (the CLI's bar). */
export class CommitAllocationRunCommand extends Command<AllocationCommitResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly body: AllocationRunRequestBody,
    readonly onProgress?: ProgressCallback,
  ) {
    super();
  }
}
