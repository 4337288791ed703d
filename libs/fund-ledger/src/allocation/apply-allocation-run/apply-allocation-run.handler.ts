import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelopeFactory, deterministicUuid, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { DomainError, ErrorCodes, rejectRule } from '../../shared/domain-error';
import type { AllocationLine } from '../allocation.rules';
import { type AllocationRunCommittedData, lineView, runLines } from '../allocation-run.events';
import { toJson } from '../allocation-run.body';
import { AllocationReads } from '../allocation-reads';
import type { QuotaApplication } from '../apply-allocation.decider';
import { mapConcurrent } from '../concurrency';
import { ApplyAllocationLineCommand } from './apply-allocation-line.command';
import {
  type ApplicationFailure,
  type ApplicationOrigin,
  type ApplicationReport,
  ApplyAllocationRunCommand,
} from './apply-allocation-run.command';

/**
 * Hospitals applied at once. Each appends one event, and the SQLite store commits every append queued during
 * one event-loop turn together (one fsync, at most 256 appends): 128 makes ~40 commits of a 5,000-hospital
 * run where 16 made ~313, and leaves half of a commit's room to the API's own commands arriving meanwhile.
 * Memory: one application in flight holds a few KB.
 */
const APPLY_CONCURRENCY = 128;
const MAX_REPORTED_FAILURES = 100;

interface Counts {
  set: number;
  adjusted: number;
  unchanged: number;
  alreadyApplied: number;
  failed: number;
}

/**
 * Applies the run in force to its hospitals' budget streams: per hospital one command, id
 * uuid5(`${runId}:${payeeId}`), body = the target quota, so it is idempotent and resumable. A refusal by a
 * budget stream (closed year, a quota below what was already paid…) is reported and the others go on; a
 * store failure stops the run (retry).
 */
@CommandHandler(ApplyAllocationRunCommand)
export class ApplyAllocationRunHandler implements ICommandHandler<ApplyAllocationRunCommand, ApplicationReport> {
  constructor(
    private readonly commands: CommandBus,
    private readonly reads: AllocationReads,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  async execute({ run, origin, onProgress }: ApplyAllocationRunCommand): Promise<ApplicationReport> {
    const budget = await this.reads.fundBudget(run.fundId, run.year);
    if (budget.adoptedRunId !== run.runId) {
      throw rejectRule(
        ErrorCodes.INVALID_TRANSITION,
        `run ${run.runId} is not in force (in force: ${budget.adoptedRunId ?? 'none'})`,
        'runId',
      );
    }
    const lines = runLines(run);
    const counts: Counts = { set: 0, adjusted: 0, unchanged: 0, alreadyApplied: 0, failed: 0 };
    const failures: ApplicationFailure[] = [];
    let done = 0;
    onProgress?.(0, lines.length);
    await mapConcurrent(lines, APPLY_CONCURRENCY, async (line) => {
      const payeeId = line.input.payeeId;
      try {
        count(counts, await this.applyLine(run, line, origin));
      } catch (error) {
        const refusal = refusalOf(error);
        if (refusal === null) throw error;
        counts.failed += 1;
        if (failures.length < MAX_REPORTED_FAILURES) failures.push({ payeeId, ...refusal });
      }
      done += 1;
      onProgress?.(done, lines.length);
    });
    return { hospitals: lines.length, ...counts, complete: counts.failed === 0, failures };
  }

  private applyLine(
    run: AllocationRunCommittedData,
    line: AllocationLine,
    origin: ApplicationOrigin,
  ): Promise<CommandResult> {
    const payeeId = line.input.payeeId;
    const application: QuotaApplication = {
      runId: run.runId,
      fundId: run.fundId,
      payeeId,
      year: run.year,
      quotaYuan: line.quotaYuan,
      supersedes: run.supersedes,
      basis: quotaBasis(run, line),
    };
    const body = toJson({ runId: run.runId, fundId: run.fundId, payeeId, year: run.year, quotaYuan: line.quotaYuan });
    const derived = this.envelopes.internal(
      origin.principal,
      deterministicUuid(`${run.runId}:${payeeId}`),
      body,
      origin.commandId,
      run.effectiveDate,
    );
    // Caused by the commit, in the client's correlation chain.
    const envelope: CommandEnvelope = { ...derived, correlationId: origin.correlationId };
    return this.commands.execute(new ApplyAllocationLineCommand(envelope, application));
  }
}

function count(counts: Counts, result: CommandResult): void {
  if (result.replayed) counts.alreadyApplied += 1;
  else if (result.events.length === 0) counts.unchanged += 1;
  else if (result.events[0]!.type === 'QuotaSet') counts.set += 1;
  else counts.adjusted += 1;
}

/**
 * What QuotaSet.basis records: the run, its parameters and the hospital's whole line (strings, numbers and
 * nulls; SetQuota copies the basis as JSON itself, so it is not copied here first).
 */
function quotaBasis(run: AllocationRunCommittedData, line: AllocationLine): Record<string, unknown> {
  return {
    runId: run.runId,
    method: run.method,
    methodVersion: run.methodVersion,
    poolYuan: run.params.poolYuan,
    lookbackYears: [...run.params.lookbackYears],
    inputsDigest: run.inputsDigest,
    line: lineView(line),
  };
}

/** A refusal by a decider or the pipeline (a domain error), or null for store trouble and bugs (rethrown). */
function refusalOf(error: unknown): { code: string; message: string } | null {
  if (error instanceof DomainError && error.kind !== 'unavailable') return { code: error.code, message: error.message };
  return null;
}
