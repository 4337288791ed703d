import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EventStore, JsonObject } from '@ledger/event-store';
import { CommandEnvelopeFactory, deterministicUuid, EVENT_STORE, type CommandEnvelope } from '@ledger/platform';
import { invariant } from '../../shared/decider';
import { DomainError, ErrorCodes } from '../../shared/domain-error';
import { budgetStreamName, type YearEndSettledData } from '../../hospital-budget/hospital-budget.events';
import { SettleYearEndCommand } from '../../hospital-budget/settle-year-end/settle-year-end.command';
import { mapConcurrent, type ProgressCallback } from '../../allocation/concurrency';
import type { HospitalCloseFailure, SettlementCounts } from './close-fund-year.command';

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

type HospitalOutcome =
  | { status: 'settled' | 'replayed' | 'settled_elsewhere'; data: YearEndSettledData }
  | { status: 'failed'; code: string; message: string };

export interface Settlements {
  readonly settled: ReadonlyMap<string, YearEndSettledData>;
  readonly counts: SettlementCounts;
  readonly failures: HospitalCloseFailure[];
}

export interface FundYear {
  readonly fundId: string;
  readonly year: number;
}

/**
 * Settles the hospital-years of a close, each by the hospital-budget area's own SettleYearEndCommand on the
 * CommandBus (policy freeze, YearEndSettled, carry-in to next year), under the command id
 * uuid5(`${closeCommandId}:${payeeId}`): running the same close again replays what is done.
 */
/** How far back from a stream's end its YearEndSettled is looked for (the events allowed after it are few). */
const YEAR_END_TAIL_EVENTS = 8;

@Injectable()
export class HospitalYearSettlements {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async settleAll(
    envelope: CommandEnvelope,
    fundYear: FundYear,
    payeeIds: readonly string[],
    onProgress?: ProgressCallback,
  ): Promise<Settlements> {
    const settled = new Map<string, YearEndSettledData>();
    const failures: HospitalCloseFailure[] = [];
    const counts = { settled: 0, replayed: 0, settledElsewhere: 0, failed: 0 };
    let done = 0;
    onProgress?.(0, payeeIds.length);
    const settle = async (payeeId: string): Promise<void> => {
      const outcome = await this.settleOne(envelope, fundYear, payeeId);
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
    return { settled, counts, failures };
  }

  private async settleOne(
    envelope: CommandEnvelope,
    { fundId, year }: FundYear,
    payeeId: string,
  ): Promise<HospitalOutcome> {
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
      const result = await this.commands.execute(
        new SettleYearEndCommand(
          { ...derived, correlationId: envelope.correlationId },
          { commandId, fundId, payeeId, year },
        ),
      );
      const event = result.events.find((e) => e.type === 'YearEndSettled');
      invariant(event !== undefined, `the settlement of ${payeeId} recorded YearEndSettled`);
      return { status: result.replayed ? 'replayed' : 'settled', data: event.data as unknown as YearEndSettledData };
    } catch (error) {
      // Store trouble and bugs stop the close (retry it); a refusal is this hospital's failure.
      if (!(error instanceof DomainError) || error.kind === 'unavailable') throw error;
      if (error.code === ErrorCodes.PERIOD_CLOSED) {
        const data = await this.yearEndOf(fundId, payeeId, year);
        if (data !== null) return { status: 'settled_elsewhere', data };
      }
      return { status: 'failed', code: error.code, message: error.message };
    }
  }

  /**
   * A settled hospital-year's YearEndSettled is its stream's last event, or one of the last few: only the
   * events a settled year still accepts (the release of a held payment) may follow it.
   */
  private async yearEndOf(fundId: string, payeeId: string, year: number): Promise<YearEndSettledData | null> {
    const tail = await this.store.readStream(budgetStreamName(fundId, payeeId, year), {
      direction: 'backwards',
      limit: YEAR_END_TAIL_EVENTS,
    });
    const settled = tail.find((event) => event.type === 'YearEndSettled');
    return settled === undefined ? null : (settled.data as unknown as YearEndSettledData);
  }
}
