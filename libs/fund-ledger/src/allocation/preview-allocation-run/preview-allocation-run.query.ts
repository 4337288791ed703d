import { Query } from '@nestjs/cqrs';
import type { Principal } from '@ledger/platform';
import type { AllocationLineView } from '../allocation-run.events';
import type { AllocationRunRequestBody, RunSummary } from '../allocation-run.body';

export interface CommitRefusal {
  readonly code: string;
  readonly message: string;
  readonly field: string | null;
}

export interface AllocationPreview extends RunSummary {
  readonly lines: AllocationLineView[];
  /** What a commit of these inputs would meet now. */
  readonly commit: {
    readonly alreadyCommitted: boolean;
    readonly sameInputs: boolean | null;
    readonly refusal: CommitRefusal | null;
  };
}

/** The run these inputs make, computed now; nothing is written (a POST, but a read). */
export class PreviewAllocationRunQuery extends Query<AllocationPreview> {
  constructor(
    readonly body: AllocationRunRequestBody,
    readonly principal: Principal,
  ) {
    super();
  }
}
