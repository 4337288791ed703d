import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope } from '@ledger/platform';
import type { ProgressCallback } from '../../allocation/concurrency';
import type { FundCloseReport } from '../fund-close.report';

export interface CloseFundYearBody {
  readonly fundId: string;
  readonly year: number;
  /** The hospital-years to settle and close; default: the hospitals of the allocation run in force. */
  readonly payeeIds?: readonly string[] | null;
}

export interface HospitalCloseFailure {
  readonly payeeId: string;
  readonly code: string;
  readonly message: string;
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

export type ClosedFundYear = Extract<FundCloseOutcome, { status: 'closed' }>;

/**
 * Closes a fund-year. Answers 'incomplete' (not an error) when some hospital-years could not be settled:
 * the API turns that into a 422, the CLI prints the list; `onProgress` follows the settlements.
 */
export class CloseFundYearCommand extends Command<FundCloseOutcome> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly body: CloseFundYearBody,
    readonly onProgress?: ProgressCallback,
  ) {
    super();
  }
}
