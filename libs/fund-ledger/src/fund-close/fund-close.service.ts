import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, JsonObject } from '@ledger/event-store';
import {
  CommandEnvelopeFactory,
  CommandPipeline,
  deterministicUuid,
  EVENT_STORE,
  ProblemException,
  Problems,
  type CommandEnvelope,
} from '@ledger/platform';
import { RegistryLookups } from '../application/registry-lookups';
import { decisionFor } from '../application/stream-decision';
import { invariant } from '../shared/decider';
import { DomainError, ErrorCodes, rejectRule } from '../shared/domain-error';
import { requireFundId, requireId } from '../registry/field-rules';
import { arrayInput, yearInput } from '../hospital-budget/hospital-budget.inputs';
import { budgetStreamName, type YearEndSettledData } from '../hospital-budget/hospital-budget.events';
import {
  SettleYearEndCommand,
  type YearEndSettlementResult,
} from '../hospital-budget/settle-year-end/settle-year-end.command';
import { AllocationRunService, type ProgressCallback } from '../allocation/allocation-run.service';
import { mapConcurrent } from '../allocation/concurrency';
import { type CloseFundYear, fundCloseDecider, MAX_CLOSE_HOSPITALS } from './fund-close.decider';
import {
  FUND_CLOSE_COLUMNS,
  fundCloseStream,
  type FundYearClosedData,
  type PayeeSource,
  type YearOutcome,
} from './fund-close.events';

/**
 * The year-end settlement of one hospital-year, as the hospital-budget area implements it (SettleYearEndHandler:
 * freezes the fund-year policy, settles, carries the credit and open receivables into next year). The API
 * dispatches through the CommandBus; the CLI calls the handler it built.
 */
export type SettleYearEndPort = (command: SettleYearEndCommand) => Promise<YearEndSettlementResult>;
export const SETTLE_YEAR_END = Symbol('SETTLE_YEAR_END');

export interface CloseFundYearBody {
  readonly fundId: string;
  readonly year: number;
  /** The hospital-years to settle and close; default: the hospitals of the allocation run in force. */
  readonly payeeIds?: readonly string[] | null;
}

export type HospitalCloseStatus = 'settled' | 'replayed' | 'settled_elsewhere' | 'failed';

export interface HospitalCloseFailure {
  readonly payeeId: string;
  readonly code: string;
  readonly message: string;
}

export interface HospitalResultView {
  readonly payeeId: string;
  readonly outcome: YearOutcome;
  readonly quotaYuan: string;
  readonly actualYuan: string;
  readonly finalYuan: string;
  readonly carryForwardCreditYuan: string;
}

/** FundYearClosed with its rows as objects. */
export interface FundCloseReport extends Omit<FundYearClosedData, 'rows' | 'columns'> {
  readonly stream: string;
  readonly hospitalResults: HospitalResultView[];
}

export interface SettlementCounts {
  /** Settled by this close now. */
  readonly settled: number;
  /** Settled by an earlier attempt of this close (replayed). */
  readonly replayed: number;
  /** Settled earlier by another command (POST /year-end-settlements). */
  readonly settledElsewhere: number;
  readonly failed: number;
}

export type FundCloseOutcome =
  | {
      readonly status: 'closed';
      readonly commandId: string;
      /** True when the fund-year was already closed: the stored report is returned, nothing appended. */
      readonly replayed: boolean;
      readonly position: string | null;
      readonly settlements: SettlementCounts;
      readonly report: FundCloseReport;
    }
  | {
      readonly status: 'incomplete';
      readonly commandId: string;
      readonly fundId: string;
      readonly year: number;
      readonly hospitals: number;
      readonly settlements: SettlementCounts;
      /** The first 100. */
      readonly failures: HospitalCloseFailure[];
    };

/**
 * Hospital-years settled at once (each one appends its YearEndSettled, then the carry-in into next year).
 * The SQLite store commits every append queued during one event-loop turn together (one fsync, at most 256
 * appends), so this is also the size of a group commit: 128 makes ~80 commits of 5,000 hospital-years where
 * 8 made ~1,250, and leaves half of a commit's room to the API's own commands arriving meanwhile. Measured
 * (5,000 hospitals, 2-core VM): 64, 128 and 256 are within noise of each other; the rest is CPU per hospital.
 * Memory: one settlement in flight holds a few KB.
 */
const SETTLE_CONCURRENCY = 128;
const MAX_REPORTED_FAILURES = 100;

/**
 * Closes a fund-year: settles every hospital-year on the list (each idempotently, under the command id
 * uuid5(`${closeCommandId}:${payeeId}`)), then appends FundYearClosed to `fund-close-{fundId}-{year}` with
 * expected no_stream. A hospital that cannot be settled (no score, no quota…) is reported and nothing is
 * closed; the others stay settled, and running the same close again settles the rest. A closed fund-year
 * answers with its stored report.
 */
@Injectable()
export class FundCloseService {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly lookups: RegistryLookups,
    private readonly envelopes: CommandEnvelopeFactory,
    private readonly allocations: AllocationRunService,
    @Inject(SETTLE_YEAR_END) private readonly settleYearEnd: SettleYearEndPort,
  ) {}

  async close(
    envelope: CommandEnvelope,
    body: CloseFundYearBody,
    onProgress?: ProgressCallback,
  ): Promise<FundCloseOutcome> {
    const fundId = requireFundId(body.fundId, 'fundId');
    const year = yearInput(body.year, 'year');
    await this.lookups.fund(fundId);
    const earlier = await this.store.findCommand(envelope.commandId);
    if (earlier !== undefined && earlier.bodyHash !== CommandPipeline.bodyHash(envelope.body))
      throw Problems.idempotencyConflict(envelope.commandId);
    const stored = await this.closedYear(fundId, year);
    const none = { settled: 0, replayed: 0, settledElsewhere: 0, failed: 0 };
    if (stored !== null)
      return {
        status: 'closed',
        commandId: envelope.commandId,
        replayed: true,
        position: null,
        settlements: none,
        report: stored,
      };

    const { payeeIds, payeeSource, runId } = await this.payeesOf(fundId, year, body.payeeIds);
    const settled = new Map<string, YearEndSettledData>();
    const failures: HospitalCloseFailure[] = [];
    const counts = { ...none };
    let done = 0;
    onProgress?.(0, payeeIds.length);
    const settle = async (payeeId: string): Promise<void> => {
      const outcome = await this.settleOne(envelope, fundId, year, payeeId);
      if (outcome.status === 'failed') {
        counts.failed += 1;
        if (failures.length < MAX_REPORTED_FAILURES)
          failures.push({ payeeId, code: outcome.code, message: outcome.message });
      } else {
        settled.set(payeeId, outcome.data);
        if (outcome.status === 'settled') counts.settled += 1;
        else if (outcome.status === 'replayed') counts.replayed += 1;
        else counts.settledElsewhere += 1;
      }
      done += 1;
      onProgress?.(done, payeeIds.length);
    };
    // The first settlement freezes the fund-year's policy; settled alone, it spares the others a race for
    // the freeze (they find the policy frozen and skip that step).
    await mapConcurrent(payeeIds.slice(0, 1), 1, settle);
    await mapConcurrent(payeeIds.slice(1), SETTLE_CONCURRENCY, settle);
    if (counts.failed > 0) {
      return {
        status: 'incomplete',
        commandId: envelope.commandId,
        fundId,
        year,
        hospitals: payeeIds.length,
        settlements: counts,
        failures,
      };
    }
    const command: CloseFundYear = {
      type: 'CloseFundYear',
      fundId,
      year,
      payeeSource,
      runId,
      payeeIds,
      settlements: payeeIds.map((p) => settled.get(p)!),
    };
    const result = await this.pipeline.execute(
      envelope,
      decisionFor(fundCloseStream(fundId, year), fundCloseDecider, command),
    );
    const report = await this.closedYear(fundId, year);
    invariant(report !== null, `fund-year ${fundId}/${year} is closed`);
    const appended = result.events.length > 0 && !result.replayed;
    return {
      status: 'closed',
      commandId: envelope.commandId,
      replayed: !appended,
      position: result.position,
      settlements: counts,
      report,
    };
  }

  async closedYear(fundId: string, year: number): Promise<FundCloseReport | null> {
    const { state } = await this.pipeline.loader.load(fundCloseStream(fundId, year), fundCloseDecider);
    return state.closed === null ? null : reportOf(state.closed);
  }

  private async payeesOf(
    fundId: string,
    year: number,
    explicit: readonly string[] | null | undefined,
  ): Promise<{ payeeIds: string[]; payeeSource: PayeeSource; runId: string | null }> {
    if (explicit !== undefined && explicit !== null) {
      const payeeIds = arrayInput(explicit, 'payeeIds', MAX_CLOSE_HOSPITALS).map((p, i) =>
        requireId(p, `payeeIds[${i}]`),
      );
      return { payeeIds, payeeSource: 'explicit', runId: null };
    }
    const run = await this.allocations.inForceRun(fundId, year);
    if (run === null) {
      throw rejectRule(
        ErrorCodes.INVALID_TRANSITION,
        `no allocation run is in force for fund ${fundId} in ${year}: name the hospital-years to close (payeeIds)`,
        'payeeIds',
      );
    }
    return { payeeIds: run.rows.map((row) => row[0]), payeeSource: 'allocation_run', runId: run.runId };
  }

  private async settleOne(
    envelope: CommandEnvelope,
    fundId: string,
    year: number,
    payeeId: string,
  ): Promise<
    | { status: Exclude<HospitalCloseStatus, 'failed'>; data: YearEndSettledData }
    | { status: 'failed'; code: string; message: string }
  > {
    const commandId = deterministicUuid(`${envelope.commandId}:${payeeId}`);
    // The body names the hospital-year and the close; no date, so a retry on another day is the same command.
    const body: JsonObject = { fundId, payeeId, year, fundClose: envelope.commandId };
    const derived = this.envelopes.internal(
      envelope.principal,
      commandId,
      body,
      envelope.commandId,
      envelope.effectiveDate,
    );
    try {
      const result = await this.settleYearEnd(
        new SettleYearEndCommand(
          { ...derived, correlationId: envelope.correlationId },
          { commandId, fundId, payeeId, year },
        ),
      );
      const event = result.events.find((e) => e.type === 'YearEndSettled');
      invariant(event !== undefined, `the settlement of ${payeeId} recorded YearEndSettled`);
      return { status: result.replayed ? 'replayed' : 'settled', data: event.data as unknown as YearEndSettledData };
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCodes.PERIOD_CLOSED) {
        const data = await this.yearEndOf(fundId, payeeId, year);
        if (data !== null) return { status: 'settled_elsewhere', data };
      }
      if (error instanceof DomainError) return { status: 'failed', code: error.code, message: error.message };
      if (error instanceof ProblemException && error.status < 500)
        return { status: 'failed', code: error.code, message: error.message };
      throw error;
    }
  }

  /** A settled hospital-year's stream ends with YearEndSettled (nothing is accepted after it). */
  private async yearEndOf(fundId: string, payeeId: string, year: number): Promise<YearEndSettledData | null> {
    const [last] = await this.store.readStream(budgetStreamName(fundId, payeeId, year), {
      direction: 'backwards',
      limit: 1,
    });
    return last?.type === 'YearEndSettled' ? (last.data as unknown as YearEndSettledData) : null;
  }
}

export function reportOf(data: FundYearClosedData): FundCloseReport {
  const { rows, columns, ...rest } = data;
  invariant(columns.join() === FUND_CLOSE_COLUMNS.join(), 'FundYearClosed rows in the known layout');
  return {
    ...rest,
    stream: fundCloseStream(data.fundId, data.year),
    hospitalResults: rows.map(([payeeId, outcome, quotaYuan, actualYuan, finalYuan, carryForwardCreditYuan]) => ({
      payeeId,
      outcome,
      quotaYuan,
      actualYuan,
      finalYuan,
      carryForwardCreditYuan,
    })),
  };
}
