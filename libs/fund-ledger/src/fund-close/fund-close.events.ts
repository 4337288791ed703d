import type { DomainEvent } from '../shared/decider';

/**
 * The year-end close of a whole fund-year (stream `fund-close-{fundId}-{year}`): ONE event, FundYearClosed,
 * appended with expected revision no_stream once every hospital-year of the fund-year is settled. It sums
 * the hospitals' YearEndSettled breakdowns by outcome and lists each hospital's result, so the close can be
 * checked against the budget streams event by event. It carries no postings: the money moved in each
 * hospital's YearEndSettled; this is the fund's report and the marker that the year is closed.
 */
export const fundCloseStream = (fundId: string, year: number): string => `fund-close-${fundId}-${year}`;

export type PayeeSource = 'allocation_run' | 'explicit';
export type YearOutcome = 'overrun' | 'surplus' | 'balanced';

export interface FundCloseTotals {
  /** Σ Q (quotas after adjustments and carried-in credits). */
  readonly quotaYuan: string;
  /** Σ A (approved − in-year clawbacks). */
  readonly actualYuan: string;
  readonly overrun: {
    readonly count: number;
    readonly overrunYuan: string;
    readonly fundShareYuan: string;
    readonly hospitalShareYuan: string;
  };
  readonly surplus: {
    readonly count: number;
    readonly surplusYuan: string;
    readonly retainedYuan: string;
    /** Retained and paid in cash at year end. */
    readonly retainedPaidYuan: string;
    /** Retained as next year's quota credit. */
    readonly carriedForwardYuan: string;
    readonly notRetainedYuan: string;
  };
  readonly balanced: { readonly count: number };
  readonly deposits: {
    readonly withheldYuan: string;
    readonly returnedYuan: string;
    readonly forfeitedYuan: string;
  };
  /** Σ E: what the hospitals are entitled to for the year. */
  readonly entitlementYuan: string;
  /** Σ (E − D): what the year costs the fund net of forfeited deposits. */
  readonly fundNetCostYuan: string;
  readonly yearEnd: {
    /** Σ year-end payments to hospitals. */
    readonly paymentsYuan: string;
    /** Σ year-end receivables opened on hospitals. */
    readonly receivablesYuan: string;
    /** Σ positive results held (agreement terminated for cause) until a release: owed, not paid. Absent on closes recorded before it existed. */
    readonly heldPaymentsYuan?: string;
    /** payments − receivables (signed): the fund's net cash at year end. */
    readonly netPaymentYuan: string;
  };
}

export const FUND_CLOSE_COLUMNS = [
  'payeeId',
  'outcome',
  'quotaYuan',
  'actualYuan',
  'finalYuan',
  'carryForwardCreditYuan',
] as const;

export type FundCloseRow = readonly [
  payeeId: string,
  outcome: YearOutcome,
  quotaYuan: string,
  actualYuan: string,
  /** Signed: > 0 paid to the hospital, < 0 receivable. */
  finalYuan: string,
  carryForwardCreditYuan: string,
];

export interface FundYearClosedData {
  readonly fundId: string;
  readonly year: number;
  readonly effectiveDate: string;
  readonly status: 'closed';
  /** Where the list of hospital-years came from. */
  readonly payeeSource: PayeeSource;
  /** The allocation run in force when the payees came from it. */
  readonly runId: string | null;
  readonly hospitals: number;
  readonly totals: FundCloseTotals;
  readonly columns: readonly string[];
  readonly rows: readonly FundCloseRow[];
}

export type FundYearClosed = DomainEvent<'FundYearClosed', FundYearClosedData>;
export type FundCloseEvent = FundYearClosed;
