import { Inject, Injectable, Optional } from '@nestjs/common';
import { MAX_PAGE_SIZE, type EventStore, type JsonObject } from '@ledger/event-store';
import { yuan } from '@ledger/money';
import {
  CommandEnvelopeFactory,
  CommandPipeline,
  deterministicUuid,
  EVENT_STORE,
  LEDGER_CONFIG,
  LedgerMetrics,
  ProblemException,
  Problems,
  type CommandEnvelope,
  type CommandResult,
  type Evolver,
  type LedgerConfig,
  type Principal,
  type StreamDecision,
} from '@ledger/platform';
import { RegistryLookups } from '../application/registry-lookups';
import { decisionFor } from '../application/stream-decision';
import type { DecisionContext } from '../shared/decider';
import { invariant } from '../shared/decider';
import { DomainError, ErrorCodes, invalidField, notFound, rejectRule } from '../shared/domain-error';
import { requireFundId } from '../registry/field-rules';
import {
  budgetStreamName,
  type HospitalBudgetEvent,
  type YearEndSettledData,
} from '../hospital-budget/hospital-budget.events';
import { idInput, yearInput } from '../hospital-budget/hospital-budget.inputs';
import { fundCloseStream } from '../fund-close/fund-close.events';
import {
  type AllocationParamsRequest,
  type HospitalRecordRequest,
  MAX_RUN_HOSPITALS,
  methodInput,
  parseHospitalRecords,
  parseParams,
} from './allocation.inputs';
import type { AllocationLine, AllocationMethod, HistoryFigure, HospitalAllocationInput } from './allocation.rules';
import {
  allocationHistoryDecider,
  type AllocationHistoryState,
  type ImportAllocationInputs,
  isComplete,
} from './allocation-history.decider';
import { allocationHistoryStream, type AllocationInputsImportedData } from './allocation-history.events';
import {
  allocationRunDecider,
  buildAllocationRun,
  type CommitAllocationRun,
  decideCommitAllocationRun,
} from './allocation-run.decider';
import {
  type AllocationLineView,
  type AllocationRunCommittedData,
  allocationRunId,
  type HistorySource,
  type InputSource,
  lineView,
  METHOD_VERSION_PATTERN,
  runLines,
} from './allocation-run.events';
import {
  type ApplicationState,
  decideApplication,
  evolveApplication,
  initialApplicationState,
  type QuotaApplication,
} from './apply-allocation.decider';
import { mapConcurrent } from './concurrency';
import {
  type AdoptAllocationRun,
  type ApproveFundBudget,
  fundBudgetDecider,
  type FundBudgetState,
} from './fund-budget.decider';
import { type FundBudgetApprovedData, fundBudgetStream, type RunSupersedes } from './fund-budget.events';

/** A run as the planner sends it (HTTP body without commandId, or the CLI's input file). */
export interface AllocationRunRequestBody {
  readonly fundId: string;
  readonly year: number;
  readonly method: AllocationMethod;
  readonly methodVersion: string;
  readonly params?: AllocationParamsRequest | null;
  /** Default 'inline': the records are in `hospitals`. 'import': the records of `importId`. */
  readonly inputSource?: InputSource;
  readonly importId?: string | null;
  /** Default 'records'. 'ledger': spending from the budget streams' YearEndSettled (share method). */
  readonly historyFrom?: HistorySource;
  readonly hospitals?: readonly HospitalRecordRequest[] | null;
  readonly supersedes?: RunSupersedes | null;
  readonly effectiveDate?: string;
}

export interface ApproveFundBudgetBody {
  readonly fundId: string;
  readonly year: number;
  readonly totalForQuotasYuan: string;
  readonly basis: ApproveFundBudget['basis'];
  readonly differenceReason?: string | null;
}

export interface ImportInputsBody {
  readonly fundId: string;
  readonly year: number;
  readonly importId: string;
  readonly chunk: number;
  readonly chunks: number;
  readonly records: readonly HospitalRecordRequest[];
}

export interface ImportAnswer {
  readonly commandId: string;
  readonly stream: string;
  readonly position: string | null;
  readonly replayed: boolean;
  readonly importId: string;
  readonly chunk: number;
  readonly chunks: number;
  readonly records: number;
  readonly chunksReceived: number;
  readonly hospitalsReceived: number;
  readonly complete: boolean;
}

export type RunSummary = Omit<AllocationRunCommittedData, 'rows' | 'columns'>;

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

export interface RunView extends RunSummary {
  readonly status: 'in_force' | 'superseded';
  readonly adoptedOn: string;
  readonly lines: AllocationLineView[];
}

export interface FundYearRunsView {
  readonly fundId: string;
  readonly year: number;
  readonly fundBudget: FundBudgetApprovedData | null;
  readonly inForceRunId: string | null;
  readonly runs: RunView[];
}

export type ProgressCallback = (done: number, total: number) => void;

const READ_CONCURRENCY = 16;
/**
 * Hospitals applied at once. Each appends one event, and the SQLite store commits every append queued during
 * one event-loop turn together (one fsync, at most 256 appends): 128 makes ~40 commits of a 5,000-hospital
 * run where 16 made ~313, and leaves half of a commit's room to the API's own commands arriving meanwhile.
 * Memory: one application in flight holds a few KB.
 */
const APPLY_CONCURRENCY = 128;
const MAX_REPORTED_FAILURES = 100;

/**
 * The allocation use cases over the event store, for the HTTP handlers and the CLI alike.
 *
 * Design: the run's COMMIT is atomic (one AllocationRunCommitted event, expected no_stream); putting it in
 * force is one small event on the fund-budget stream (exact revision: the supersede rule cannot race); its
 * APPLICATION to the budget streams is one command per hospital under the id uuid5(`${runId}:${payeeId}`),
 * so it is idempotent and resumable: committing the same run again (any command id) finds the run, finds it
 * in force, replays the hospitals already done and applies the rest.
 *
 * Budget streams are loaded through a private pipeline: the shared pipeline's stream cache is keyed by
 * stream name and holds the hospital-budget handlers' state shape; the allocation folds those streams into
 * its own shape (ApplicationState) and must never hand that to them.
 */
@Injectable()
export class AllocationRunService {
  private readonly budgets: CommandPipeline;

  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly lookups: RegistryLookups,
    private readonly envelopes: CommandEnvelopeFactory,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    @Optional() metrics?: LedgerMetrics,
  ) {
    this.budgets = new CommandPipeline(
      store,
      config.commandRetryLimit,
      metrics ? (type, outcome, seconds) => metrics.observeCommand(type, outcome, seconds) : undefined,
    );
  }

  // ---- fund budget

  async approveFundBudget(envelope: CommandEnvelope, body: ApproveFundBudgetBody): Promise<CommandResult> {
    await this.lookups.fund(body.fundId);
    const command: ApproveFundBudget = {
      type: 'ApproveFundBudget',
      fundId: body.fundId,
      year: body.year,
      totalForQuotasYuan: body.totalForQuotasYuan,
      basis: body.basis,
      differenceReason: body.differenceReason ?? null,
    };
    return this.pipeline.execute(
      envelope,
      decisionFor(fundBudgetStream(body.fundId, body.year), fundBudgetDecider, command),
    );
  }

  async fundBudget(fundId: string, year: number): Promise<FundBudgetState> {
    return (await this.pipeline.loader.load(fundBudgetStream(fundId, year), fundBudgetDecider)).state;
  }

  // ---- history imports

  async importInputs(envelope: CommandEnvelope, body: ImportInputsBody): Promise<ImportAnswer> {
    await this.lookups.fund(body.fundId);
    if (Array.isArray(body.records)) {
      await mapConcurrent(body.records, READ_CONCURRENCY, (r, i) =>
        this.registeredPayee(r?.payeeId, `records[${i}].payeeId`),
      );
    }
    const command: ImportAllocationInputs = { type: 'ImportAllocationInputs', ...body };
    const stream = allocationHistoryStream(body.fundId, body.year);
    const result = await this.pipeline.execute(envelope, decisionFor(stream, allocationHistoryDecider, command));
    const progress = (await this.history(body.fundId, body.year)).imports.get(body.importId);
    invariant(progress !== undefined, 'the chunk is in');
    return {
      commandId: result.commandId,
      stream,
      position: result.position,
      replayed: result.replayed,
      importId: body.importId,
      chunk: body.chunk,
      chunks: progress.chunks,
      records: body.records.length,
      chunksReceived: progress.received.size,
      hospitalsReceived: progress.payees.size,
      complete: isComplete(progress),
    };
  }

  private async history(fundId: string, year: number): Promise<AllocationHistoryState> {
    return (await this.pipeline.loader.load(allocationHistoryStream(fundId, year), allocationHistoryDecider)).state;
  }

  /** Every record of a complete import, in chunk order. */
  private async importedRecords(fundId: string, year: number, importId: string): Promise<HospitalAllocationInput[]> {
    const progress = (await this.history(fundId, year)).imports.get(importId);
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

  // ---- preview and commit

  /** The run these inputs make, computed now; nothing is written. */
  async preview(body: AllocationRunRequestBody, principal: Principal): Promise<AllocationPreview> {
    const context = this.contextOf(principal, body.effectiveDate);
    const command = await this.resolve(body);
    const run = buildAllocationRun(command, context);
    const state = (await this.pipeline.loader.load(run.runId, allocationRunDecider)).state;
    let refusal: CommitRefusal | null = null;
    try {
      decideCommitAllocationRun(command, state, context);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refusal = { code: error.code, message: error.message, field: error.field ?? null };
    }
    const { rows: _rows, columns: _columns, ...summary } = run;
    return {
      ...summary,
      lines: runLines(run).map(lineView),
      commit: {
        alreadyCommitted: state.committed !== null,
        sameInputs: state.committed === null ? null : state.committed.inputsDigest === run.inputsDigest,
        refusal,
      },
    };
  }

  /**
   * Commits the run (one event, no_stream), puts it in force and applies it to the budget streams. Every
   * step is idempotent; a retry (same or another command id) completes whatever an earlier attempt left.
   */
  async commit(
    envelope: CommandEnvelope,
    body: AllocationRunRequestBody,
    onProgress?: ProgressCallback,
  ): Promise<AllocationCommitResult> {
    const earlier = await this.store.findCommand(envelope.commandId);
    let result: CommandResult;
    if (earlier !== undefined) {
      if (earlier.bodyHash !== CommandPipeline.bodyHash(envelope.body))
        throw Problems.idempotencyConflict(envelope.commandId);
      result = await this.pipeline.execute(envelope, replayOnly(earlier.stream));
    } else {
      const command = await this.resolve(body);
      result = await this.pipeline.execute(
        envelope,
        decisionFor(
          allocationRunId(command.fundId, command.year, command.methodVersion),
          allocationRunDecider,
          command,
        ),
      );
    }
    const run = await this.loadRun(result.stream);
    invariant(run !== null, `run ${result.stream} is committed`);
    const adoption = await this.adopt(run, envelope);
    const application = await this.applyRun(run, envelope, onProgress);
    const { rows: _rows, columns: _columns, ...summary } = run;
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
      run: summary,
      application,
    };
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
    const body = toJson({ runId: run.runId, supersedes: run.supersedes });
    const derived = this.envelopes.internal(
      envelope.principal,
      deterministicUuid(`${run.runId}:adopt`),
      body,
      envelope.commandId,
      run.effectiveDate,
    );
    return this.pipeline.execute(
      { ...derived, correlationId: envelope.correlationId },
      decisionFor(fundBudgetStream(run.fundId, run.year), fundBudgetDecider, command),
    );
  }

  /**
   * Applies the run in force to its hospitals' budget streams: per hospital one command, id
   * uuid5(`${runId}:${payeeId}`), body = the target quota. A refusal by a budget stream (closed year, a quota
   * below what was already paid…) is reported and the others go on; a store failure stops the run (retry).
   */
  async applyRun(
    run: AllocationRunCommittedData,
    origin: Pick<CommandEnvelope, 'principal' | 'commandId' | 'correlationId'>,
    onProgress?: ProgressCallback,
  ): Promise<ApplicationReport> {
    const budget = await this.fundBudget(run.fundId, run.year);
    if (budget.adoptedRunId !== run.runId) {
      throw rejectRule(
        ErrorCodes.INVALID_TRANSITION,
        `run ${run.runId} is not in force (in force: ${budget.adoptedRunId ?? 'none'})`,
        'runId',
      );
    }
    const lines = runLines(run);
    const counts = { set: 0, adjusted: 0, unchanged: 0, alreadyApplied: 0, failed: 0 };
    const failures: ApplicationFailure[] = [];
    let done = 0;
    onProgress?.(0, lines.length);
    await mapConcurrent(lines, APPLY_CONCURRENCY, async (line) => {
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
      const envelope = { ...derived, correlationId: origin.correlationId };
      try {
        const result = await this.budgets.execute(envelope, applicationDecision(application));
        if (result.replayed) counts.alreadyApplied += 1;
        else if (result.events.length === 0) counts.unchanged += 1;
        else if (result.events[0]!.type === 'QuotaSet') counts.set += 1;
        else counts.adjusted += 1;
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

  // ---- reads

  async loadRun(runId: string): Promise<AllocationRunCommittedData | null> {
    return (await this.pipeline.loader.load(runId, allocationRunDecider)).state.committed;
  }

  /** The in-force run of a fund-year, or null. */
  async inForceRun(fundId: string, year: number): Promise<AllocationRunCommittedData | null> {
    const { adoptedRunId } = await this.fundBudget(fundId, year);
    return adoptedRunId === null ? null : this.loadRun(adoptedRunId);
  }

  /** The fund budget and every run put in force for the fund-year (the in-force one last), with lines. */
  async runs(fundId: string, year: number): Promise<FundYearRunsView> {
    const budget = await this.fundBudget(fundId, year);
    const runs: RunView[] = [];
    for (const adoption of budget.adoptions) {
      const run = await this.loadRun(adoption.runId);
      invariant(run !== null, `adopted run ${adoption.runId} is committed`);
      const { rows: _rows, columns: _columns, ...summary } = run;
      runs.push({
        ...summary,
        status: adoption.runId === budget.adoptedRunId ? 'in_force' : 'superseded',
        adoptedOn: adoption.effectiveDate,
        lines: runLines(run).map(lineView),
      });
    }
    return { fundId, year, fundBudget: budget.approved, inForceRunId: budget.adoptedRunId, runs };
  }

  // ---- inputs: the request's records plus the ledger's facts

  private async resolve(body: AllocationRunRequestBody): Promise<CommitAllocationRun> {
    const fundId = requireFundId(body.fundId, 'fundId');
    const year = yearInput(body.year, 'year');
    const method = methodInput(body.method);
    if (typeof body.methodVersion !== 'string' || !METHOD_VERSION_PATTERN.test(body.methodVersion)) {
      throw invalidField('methodVersion', 'must be 1-14 characters of A-Z, a-z, 0-9, _ or . (no "-")');
    }
    const inputSource = body.inputSource ?? 'inline';
    const historyFrom = body.historyFrom ?? 'records';
    // The lookback years decide which streams to read; the pool is checked by the decider.
    const { lookbackYears } = parseParams(method, year, '1.00', body.params);
    await this.lookups.fund(fundId);
    const budget = await this.fundBudget(fundId, year);
    const fundYearClosed = (await this.store.readStream(fundCloseStream(fundId, year), { limit: 1 })).length > 0;
    let records: HospitalAllocationInput[];
    if (inputSource === 'import') {
      if (body.hospitals !== undefined && body.hospitals !== null)
        throw invalidField('hospitals', 'an import run takes its hospitals from the import');
      records = await this.importedRecords(fundId, year, idInput(body.importId, 'importId'));
    } else {
      if (body.hospitals === undefined || body.hospitals === null)
        throw invalidField('hospitals', 'an inline run lists its hospitals');
      records = parseHospitalRecords(body.hospitals, 'hospitals', {
        year,
        lookbackYears: null,
        maxRecords: MAX_RUN_HOSPITALS,
      });
    }
    const hospitals = await mapConcurrent(records, READ_CONCURRENCY, (record, index) =>
      this.withLedgerFacts(record, index, { fundId, year, method, historyFrom, lookbackYears }),
    );
    return {
      type: 'CommitAllocationRun',
      fundId,
      year,
      method,
      methodVersion: body.methodVersion,
      params: body.params ?? null,
      hospitals,
      inputSource,
      importId: body.importId ?? null,
      historyFrom,
      supersedes: body.supersedes ?? null,
      facts: {
        poolYuan: budget.approved?.totalForQuotasYuan ?? null,
        inForceRunId: budget.adoptedRunId,
        adoptedRunIds: budget.adoptions.map((a) => a.runId),
        fundYearClosed,
      },
    };
  }

  /**
   * One hospital's record completed from the ledger:
   * - the payee must be registered (404 naming hospitals[i].payeeId); class_per_case without a class uses
   *   the registry's "{level}-{class}" (同类医院: same grade and kind);
   * - last year's quota (without carried-in credits), unless the record gives it;
   * - the credit carried in: what the year's stream already carried in, else what last year's settlement
   *   left to carry (the year-end settlement carries it in itself);
   * - with historyFrom 'ledger', the audited actual A of each settled lookback year.
   */
  private async withLedgerFacts(
    record: HospitalAllocationInput,
    index: number,
    run: {
      fundId: string;
      year: number;
      method: AllocationMethod;
      historyFrom: HistorySource;
      lookbackYears: readonly number[];
    },
  ): Promise<HospitalAllocationInput> {
    const at = `hospitals[${index}]`;
    const payee = await this.registeredPayee(record.payeeId, `${at}.payeeId`);
    const previous = await this.budgetFacts(run.fundId, record.payeeId, run.year - 1);
    const current = await this.budgetFacts(run.fundId, record.payeeId, run.year);
    const lastYearQuotaYuan =
      record.lastYearQuotaYuan ??
      (previous.budget.initialQuotaYuan === null
        ? null
        : yuan(previous.budget.initialQuotaYuan.plus(previous.budget.adjustmentsYuan)));
    const lastYearCarried =
      current.budget.carriedInFromYears.includes(run.year - 1) ||
      current.budget.manualCarryInFromYears.includes(run.year - 1);
    const pending = lastYearCarried ? '0' : (previous.yearEnd?.breakdown.carryForwardCreditYuan ?? '0');
    const carriedIn = current.budget.carriedInYuan.plus(pending);
    let history: readonly HistoryFigure[] = record.history;
    if (run.historyFrom === 'ledger') {
      if (record.history.length > 0)
        throw invalidField(`${at}.history`, 'the history comes from the ledger (historyFrom ledger)');
      history = await this.ledgerHistory(run.fundId, record.payeeId, run.lookbackYears, previous.yearEnd, run.year);
    }
    const cls = record.class ?? (run.method === 'class_per_case' ? `${payee.level}-${payee.class}` : null);
    return { ...record, class: cls, history, lastYearQuotaYuan, carriedInYuan: yuan(carriedIn) };
  }

  private async ledgerHistory(
    fundId: string,
    payeeId: string,
    years: readonly number[],
    lastYearEnd: YearEndSettledData | null,
    year: number,
  ): Promise<HistoryFigure[]> {
    const figures: HistoryFigure[] = [];
    for (const y of years) {
      const settled = y === year - 1 ? lastYearEnd : await this.yearEndOf(fundId, payeeId, y);
      if (settled !== null) figures.push({ year: y, spendingYuan: settled.inputs.actualYuan, cases: null });
    }
    return figures;
  }

  /** A settled stream ends with YearEndSettled (a closed year accepts nothing after it). */
  private async yearEndOf(fundId: string, payeeId: string, year: number): Promise<YearEndSettledData | null> {
    const [last] = await this.store.readStream(budgetStreamName(fundId, payeeId, year), {
      direction: 'backwards',
      limit: 1,
    });
    return last?.type === 'YearEndSettled' ? (last.data as unknown as YearEndSettledData) : null;
  }

  private async budgetFacts(fundId: string, payeeId: string, year: number): Promise<ApplicationState> {
    return (await this.budgets.loader.load(budgetStreamName(fundId, payeeId, year), applicationEvolver)).state;
  }

  private async registeredPayee(payeeId: unknown, field: string) {
    if (typeof payeeId !== 'string') throw invalidField(field, 'must be a payee id');
    try {
      return (await this.lookups.payee(payeeId)).payee;
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCodes.PAYEE_NOT_FOUND) {
        throw notFound(ErrorCodes.PAYEE_NOT_FOUND, `payee ${payeeId} is not registered`, field);
      }
      throw error;
    }
  }

  private contextOf(principal: Principal, effectiveDate: string | undefined): DecisionContext {
    const envelope = this.envelopes.internal(principal, 'preview', {}, undefined, effectiveDate);
    return { now: envelope.recordedAt, effectiveDate: envelope.effectiveDate };
  }
}

// ---- helpers

const applicationEvolver: Evolver<ApplicationState> = {
  initialState: initialApplicationState,
  evolve: (state: ApplicationState, event: { type: string; data: unknown }) =>
    evolveApplication(state, event as unknown as HospitalBudgetEvent),
};

function applicationDecision(application: QuotaApplication): StreamDecision<ApplicationState> {
  return {
    stream: budgetStreamName(application.fundId, application.payeeId, application.year),
    commandType: 'ApplyAllocationLine',
    ...applicationEvolver,
    // The same fold as budgetFacts: the loader's cached state of the stream (read while resolving the run)
    // is caught up rather than refolded, and the cache is not filled with one entry per command.
    cacheIdentity: applicationEvolver,
    decide: (state, input) => decideApplication(application, state, input),
  };
}

/** For a command id already recorded: the pipeline replays it before reading or deciding anything. */
function replayOnly(stream: string): StreamDecision<null> {
  return {
    stream,
    commandType: 'CommitAllocationRun',
    initialState: () => null,
    evolve: () => null,
    decide: () => {
      throw new Error('a recorded command is replayed, never decided again');
    },
  };
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

/** A refusal by a decider or the pipeline (4xx), or null for anything else (store trouble, a bug). */
function refusalOf(error: unknown): { code: string; message: string } | null {
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  if (error instanceof ProblemException && error.status < 500) return { code: error.code, message: error.message };
  return null;
}

function toJson(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
