import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CommandEnvelopeFactory,
  CommandPipeline,
  deterministicUuid,
  type CommandEnvelope,
  type CommandResult,
} from '@ledger/platform';
import { onStream } from '../../application/stream-target';
import { decideCommitAllocationRun } from '../allocation-run.decider';
import { allocationRunId, type AllocationRunCommittedData } from '../allocation-run.events';
import { summaryOf, toJson } from '../allocation-run.body';
import { AllocationReads } from '../allocation-reads';
import { AllocationRunInputs } from '../allocation-run-inputs';
import { allocationRunEvolver, fundBudgetEvolver } from '../allocation.streams';
import { ApplyAllocationRunCommand } from '../apply-allocation-run/apply-allocation-run.command';
import { type AdoptAllocationRun, decideFundBudget } from '../fund-budget.decider';
import { fundBudgetStream } from '../fund-budget.events';
import { type AllocationCommitResult, CommitAllocationRunCommand } from './commit-allocation-run.command';

/**
 * Design: the run's COMMIT is atomic (one AllocationRunCommitted event, expected no_stream); putting it in
 * force is one small event on the fund-budget stream (exact revision: the supersede rule cannot race); its
 * APPLICATION to the budget streams is one command per hospital (ApplyAllocationRunCommand). Every step is
 * idempotent: committing the same run again (any command id) finds the run, finds it in force, replays the
 * hospitals already done and applies the rest.
 */
@CommandHandler(CommitAllocationRunCommand)
export class CommitAllocationRunHandler implements ICommandHandler<CommitAllocationRunCommand, AllocationCommitResult> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly commands: CommandBus,
    private readonly inputs: AllocationRunInputs,
    private readonly reads: AllocationReads,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  async execute({ envelope, body, onProgress }: CommitAllocationRunCommand): Promise<AllocationCommitResult> {
    // A recorded command id is answered before anything is resolved again (the ledger may have moved on).
    const result = (await this.pipeline.earlierResult(envelope)) ?? (await this.commit(envelope, body));
    const run = await this.reads.committedRun(result.stream);
    const adoption = await this.adopt(run, envelope);
    const application = await this.commands.execute(new ApplyAllocationRunCommand(run, envelope, onProgress));
    return {
      commandId: envelope.commandId,
      runId: run.runId,
      stream: run.runId,
      position: result.events.length > 0 ? result.position : null,
      replayed: result.replayed,
      committed: result.events.length > 0 && !result.replayed ? 'appended' : 'already_committed',
      adoption: {
        stream: fundBudgetStream(run.fundId, run.year),
        status: adoption.events.length > 0 && !adoption.replayed ? 'adopted' : 'already_in_force',
        position: adoption.position,
      },
      run: summaryOf(run),
      application,
    };
  }

  private async commit(envelope: CommandEnvelope, body: CommitAllocationRunCommand['body']): Promise<CommandResult> {
    const command = await this.inputs.resolve(body);
    return this.pipeline.handle(
      envelope,
      onStream(
        allocationRunId(command.fundId, command.year, command.methodVersion),
        allocationRunEvolver,
        command.type,
      ),
      (state, input) => decideCommitAllocationRun(command, state, input),
    );
  }

  /** Puts the run in force on the fund-budget stream (the supersede rule, at the exact revision). */
  private adopt(run: AllocationRunCommittedData, envelope: CommandEnvelope): Promise<CommandResult> {
    const command: AdoptAllocationRun = {
      type: 'AdoptAllocationRun',
      fundId: run.fundId,
      year: run.year,
      runId: run.runId,
      method: run.method,
      methodVersion: run.methodVersion,
      supersedes: run.supersedes,
      hospitals: run.totals.hospitals,
      allocatedYuan: run.totals.allocatedYuan,
    };
    // One id per run, whichever command committed it: every attempt's adoption is the same command.
    const derived = this.envelopes.internal(
      envelope.principal,
      deterministicUuid(`${run.runId}:adopt`),
      toJson({ runId: run.runId, supersedes: run.supersedes }),
      envelope.commandId,
      run.effectiveDate,
    );
    return this.pipeline.handle(
      { ...derived, correlationId: envelope.correlationId },
      onStream(fundBudgetStream(run.fundId, run.year), fundBudgetEvolver, command.type),
      (state, input) => decideFundBudget(command, state, input),
    );
  }
}
