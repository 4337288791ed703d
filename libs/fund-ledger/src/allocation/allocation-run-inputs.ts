import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { EventStore } from '@ledger/event-store';
import { yuan } from '@ledger/money';
import { EVENT_STORE, StreamLoader } from '@ledger/platform';
import { RegistryLookups } from '../registry/registry-lookups';
import { requireFundId } from '../registry/field-rules';
import { DomainError, ErrorCodes, invalidField, notFound } from '../shared/domain-error';
import { budgetStreamName, type YearEndSettledData } from '../hospital-budget/hospital-budget.events';
import { assertPooledFund } from '../hospital-budget/hospital-budget.guards';
import { idInput, yearInput } from '../hospital-budget/hospital-budget.inputs';
import { MAX_RUN_HOSPITALS, methodInput, parseHospitalRecords, parseParams } from './allocation.inputs';
import type { AllocationMethod, HistoryFigure, HospitalAllocationInput } from './allocation.rules';
import type { AllocationRunRequestBody } from './allocation-run.body';
import type { CommitAllocationRun } from './allocation-run.decider';
import { type HistorySource, METHOD_VERSION_PATTERN } from './allocation-run.events';
import { AllocationReads } from './allocation-reads';
import { applicationEvolver } from './allocation.streams';
import type { ApplicationState } from './apply-allocation.decider';
import { mapConcurrent } from './concurrency';
import { FundYearClosedQuery } from './fund-year-closed.port';

const READ_CONCURRENCY = 16;

interface RunScope {
  readonly fundId: string;
  readonly year: number;
  readonly method: AllocationMethod;
  readonly historyFrom: HistorySource;
  readonly lookbackYears: readonly number[];
}

/**
 * A run's inputs as the decider takes them: the request's records (inline or from a complete import) each
 * completed from the ledger, plus the fund-year's facts (the pool, the run in force, whether it is closed).
 * Shared by the preview and the commit, so a preview shows exactly what a commit would decide.
 */
@Injectable()
export class AllocationRunInputs {
  constructor(
    private readonly reads: AllocationReads,
    private readonly lookups: RegistryLookups,
    private readonly loader: StreamLoader,
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async resolve(body: AllocationRunRequestBody): Promise<CommitAllocationRun> {
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
    // A run sets quotas: like SetQuota itself, only on a pooled fund (one check per run, not per hospital).
    assertPooledFund((await this.lookups.fund(fundId)).kind, fundId);
    const budget = await this.reads.fundBudget(fundId, year);
    const fundYearClosed = await this.queries.execute(new FundYearClosedQuery(fundId, year));
    const records = await this.records(body, fundId, year, inputSource);
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

  /** A payee that must be registered: 404 PAYEE_NOT_FOUND naming the request's field. */
  async registeredPayee(payeeId: unknown, field: string) {
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

  /** Every payee of an import chunk is registered (checked before the chunk is stored). */
  async assertRegistered(records: ReadonlyArray<{ payeeId?: unknown } | null | undefined>, at: string): Promise<void> {
    await mapConcurrent(records, READ_CONCURRENCY, (r, i) => this.registeredPayee(r?.payeeId, `${at}[${i}].payeeId`));
  }

  private async records(
    body: AllocationRunRequestBody,
    fundId: string,
    year: number,
    inputSource: string,
  ): Promise<HospitalAllocationInput[]> {
    if (inputSource === 'import') {
      if (body.hospitals !== undefined && body.hospitals !== null)
        throw invalidField('hospitals', 'an import run takes its hospitals from the import');
      return this.reads.importedRecords(fundId, year, idInput(body.importId, 'importId'));
    }
    if (body.hospitals === undefined || body.hospitals === null)
      throw invalidField('hospitals', 'an inline run lists its hospitals');
    return parseHospitalRecords(body.hospitals, 'hospitals', {
      year,
      lookbackYears: null,
      maxRecords: MAX_RUN_HOSPITALS,
    });
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
    run: RunScope,
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
      history = await this.ledgerHistory(run, record.payeeId, previous.yearEnd);
    }
    const cls = record.class ?? (run.method === 'class_per_case' ? `${payee.level}-${payee.class}` : null);
    return { ...record, class: cls, history, lastYearQuotaYuan, carriedInYuan: yuan(carriedIn) };
  }

  private async ledgerHistory(
    run: RunScope,
    payeeId: string,
    lastYearEnd: YearEndSettledData | null,
  ): Promise<HistoryFigure[]> {
    const figures: HistoryFigure[] = [];
    for (const y of run.lookbackYears) {
      const settled = y === run.year - 1 ? lastYearEnd : await this.yearEndOf(run.fundId, payeeId, y);
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
    return (await this.loader.load(budgetStreamName(fundId, payeeId, year), applicationEvolver)).state;
  }
}
