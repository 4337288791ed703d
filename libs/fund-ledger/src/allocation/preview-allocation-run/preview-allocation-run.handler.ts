import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CommandEnvelopeFactory } from '@ledger/platform';
import { DomainError } from '../../shared/domain-error';
import { buildAllocationRun, decideCommitAllocationRun } from '../allocation-run.decider';
import { lineView, runLines } from '../allocation-run.events';
import { summaryOf } from '../allocation-run.body';
import { AllocationReads } from '../allocation-reads';
import { AllocationRunInputs } from '../allocation-run-inputs';
import { type AllocationPreview, type CommitRefusal, PreviewAllocationRunQuery } from './preview-allocation-run.query';

@QueryHandler(PreviewAllocationRunQuery)
export class PreviewAllocationRunHandler implements IQueryHandler<PreviewAllocationRunQuery, AllocationPreview> {
  constructor(
    private readonly inputs: AllocationRunInputs,
    private readonly reads: AllocationReads,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  async execute({ body, principal }: PreviewAllocationRunQuery): Promise<AllocationPreview> {
    // The clock and business date a commit sent now would decide with.
    const { recordedAt, effectiveDate } = this.envelopes.internal(
      principal,
      'preview',
      {},
      undefined,
      body.effectiveDate,
    );
    const context = { now: recordedAt, effectiveDate };
    const command = await this.inputs.resolve(body);
    const run = buildAllocationRun(command, context);
    const committed = await this.reads.run(run.runId);
    let refusal: CommitRefusal | null = null;
    try {
      decideCommitAllocationRun(command, { committed }, context);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refusal = { code: error.code, message: error.message, field: error.field ?? null };
    }
    return {
      ...summaryOf(run),
      lines: runLines(run).map(lineView),
      commit: {
        alreadyCommitted: committed !== null,
        sameInputs: committed === null ? null : committed.inputsDigest === run.inputsDigest,
        refusal,
      },
    };
  }
}
