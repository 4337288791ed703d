import type { DomainEvent } from '../shared/decider';
import type {
  AllocationLine,
  AllocationMethod,
  AllocationParams,
  AllocationTotals,
  Bound,
  ClassRate,
  HistoryFigure,
  QuotaBasis,
} from './allocation.rules';
import type { RunSupersedes } from './fund-budget.events';

/**
 * One allocation run (stream `allocation-run-{fundId}-{year}-{methodVersion}`, which is also the run id).
 * The run is ONE event, AllocationRunCommitted, appended with expected revision no_stream: committing the
 * same run again appends nothing, and a different run needs another methodVersion. The event holds every
 * input and every computed figure, so an auditor recomputes each quota from the event alone.
 *
 * Lines are rows under `columns` (not objects): 10,000 hospitals must fit one event (store limit 4 MiB);
 * a row is about 250 bytes.
 *
 * methodVersion has no "-": the name then parses one way only (fund ids may contain "-", years are 4 digits).
 */
export const METHOD_VERSION_PATTERN = /^[A-Za-z0-9_.]{1,14}$/;

export const allocationRunId = (fundId: string, year: number, methodVersion: string): string =>
  `allocation-run-${fundId}-${year}-${methodVersion}`;

/** Where the hospital records came from: the request (or CLI file) itself, or a history import. */
export type InputSource = 'inline' | 'import';
/** Where the spending history came from: the records, or the ledger's YearEndSettled actuals. */
export type HistorySource = 'records' | 'ledger';

export const ALLOCATION_COLUMNS = [
  'payeeId',
  'class',
  'history',
  'expectedCases',
  'developmentFactor',
  'downgradePercent',
  'lastYearQuotaYuan',
  'carriedInYuan',
  'baseQuotaYuan',
  'basis',
  'weightYuan',
  'perCaseYuan',
  'exactYuan',
  'computedYuan',
  'bound',
  'boundedYuan',
  'downgradeYuan',
  'quotaYuan',
  'changeYuan',
  'effectiveQuotaYuan',
] as const;

/** One lookback year of history in a row: [spendingYuan, cases], or null when the year is missing. */
export type HistoryCell = readonly [string, number | null] | null;

export type AllocationRow = readonly [
  payeeId: string,
  cls: string | null,
  history: readonly HistoryCell[],
  expectedCases: number | null,
  developmentFactor: string | null,
  downgradePercent: string | null,
  lastYearQuotaYuan: string | null,
  carriedInYuan: string,
  baseQuotaYuan: string | null,
  basis: QuotaBasis,
  weightYuan: string | null,
  perCaseYuan: string | null,
  exactYuan: string,
  computedYuan: string,
  bound: Bound | null,
  boundedYuan: string,
  downgradeYuan: string,
  quotaYuan: string,
  changeYuan: string | null,
  effectiveQuotaYuan: string,
];

export interface AllocationRunCommittedData {
  readonly runId: string;
  readonly fundId: string;
  readonly year: number;
  readonly effectiveDate: string;
  readonly method: AllocationMethod;
  readonly methodVersion: string;
  /** Normalised parameters, the pool (the approved fund budget's total for quotas) included. */
  readonly params: AllocationParams;
  readonly inputSource: InputSource;
  readonly importId: string | null;
  readonly historyFrom: HistorySource;
  readonly supersedes: RunSupersedes | null;
  readonly classRates: readonly ClassRate[];
  readonly totals: AllocationTotals;
  /** sha256 of the canonical inputs (method, params, sources, supersedes, hospital records). */
  readonly inputsDigest: string;
  readonly columns: readonly string[];
  readonly rows: readonly AllocationRow[];
}

export type AllocationRunCommitted = DomainEvent<'AllocationRunCommitted', AllocationRunCommittedData>;
export type AllocationRunEvent = AllocationRunCommitted;

export function encodeLine(line: AllocationLine, lookbackYears: readonly number[]): AllocationRow {
  const { input } = line;
  const byYear = new Map(input.history.map((f) => [f.year, f]));
  const history: HistoryCell[] = lookbackYears.map((year) => {
    const figure = byYear.get(year);
    return figure === undefined ? null : [figure.spendingYuan, figure.cases];
  });
  return [
    input.payeeId,
    input.class,
    history,
    input.expectedCases,
    input.developmentFactor,
    input.downgradePercent,
    input.lastYearQuotaYuan,
    input.carriedInYuan,
    input.baseQuotaYuan,
    line.basis,
    line.weightYuan,
    line.perCaseYuan,
    line.exactYuan,
    line.computedYuan,
    line.bound,
    line.boundedYuan,
    line.downgradeYuan,
    line.quotaYuan,
    line.changeYuan,
    line.effectiveQuotaYuan,
  ];
}

export function decodeLine(row: AllocationRow, lookbackYears: readonly number[]): AllocationLine {
  const [
    payeeId,
    cls,
    cells,
    expectedCases,
    developmentFactor,
    downgradePercent,
    lastYearQuotaYuan,
    carriedInYuan,
    baseQuotaYuan,
  ] = row;
  const history: HistoryFigure[] = [];
  cells.forEach((cell, i) => {
    if (cell !== null) history.push({ year: lookbackYears[i]!, spendingYuan: cell[0], cases: cell[1] });
  });
  return {
    input: {
      payeeId,
      class: cls,
      history,
      expectedCases,
      developmentFactor,
      downgradePercent,
      lastYearQuotaYuan,
      carriedInYuan,
      baseQuotaYuan,
    },
    basis: row[9],
    weightYuan: row[10],
    perCaseYuan: row[11],
    exactYuan: row[12],
    computedYuan: row[13],
    bound: row[14],
    boundedYuan: row[15],
    downgradeYuan: row[16],
    quotaYuan: row[17],
    changeYuan: row[18],
    effectiveQuotaYuan: row[19],
  };
}

/** A line as one flat object (previews, reads, CSV, the SetQuota basis). */
export interface AllocationLineView {
  readonly payeeId: string;
  readonly class: string | null;
  readonly history: readonly HistoryFigure[];
  readonly expectedCases: number | null;
  readonly developmentFactor: string | null;
  readonly downgradePercent: string | null;
  readonly lastYearQuotaYuan: string | null;
  readonly carriedInYuan: string;
  readonly baseQuotaYuan: string | null;
  readonly basis: QuotaBasis;
  readonly weightYuan: string | null;
  readonly perCaseYuan: string | null;
  readonly exactYuan: string;
  readonly computedYuan: string;
  readonly bound: Bound | null;
  readonly boundedYuan: string;
  readonly downgradeYuan: string;
  readonly quotaYuan: string;
  readonly changeYuan: string | null;
  readonly effectiveQuotaYuan: string;
}

export function lineView(line: AllocationLine): AllocationLineView {
  const { input, ...computed } = line;
  return { ...input, history: [...input.history], ...computed };
}

export function runLines(data: AllocationRunCommittedData): AllocationLine[] {
  return data.rows.map((row) => decodeLine(row, data.params.lookbackYears));
}
