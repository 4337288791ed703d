import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope } from '@ledger/platform';
import type { AllocationRunCommittedData } from '../allocation-run.events';
import type { ProgressCallback } from '../concurrency';

export interface ApplicationFailure {
  readonly payeeId: string;
  readonly code: string;
  readonly message: string;
}

/** How the run's quotas reached the budget streams (one command per hospital, idempotent). */
export interface ApplicationReport {
  readonly hospitals: number;
  /** QuotaSet appended now. */
  readonly set: number;
  /** QuotaAdjusted (allocation_supersede) appended now. */
  readonly adjusted: number;
  /** The stream already had the run's quota. */
  readonly unchanged: number;
  /** Applied by an earlier attempt (the command replayed). */
  readonly alreadyApplied: number;
  readonly failed: number;
  readonly complete: boolean;
  /** The first 100 failures. */
  readonly failures: ApplicationFailure[];
}

/** Who started the application, in which causal chain: each hospital's command is caused by it. */
export type ApplicationOrigin = Pick<CommandEnvelope, 'principal' | 'commandId' | 'correlationId'>;

/** Applies the run in force to each of its hospitals' budget streams (ApplyAllocationLineCommand each). */
export class ApplyAllocationRunCommand extends Command<ApplicationReport> {
  constructor(
    readonly run: AllocationRunCommittedData,
    readonly origin: ApplicationOrigin,
    readonly onProgress?: ProgressCallback,
  ) {
    super();
  }
}
