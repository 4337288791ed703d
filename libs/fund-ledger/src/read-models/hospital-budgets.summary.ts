import { Decimal, ZERO } from '@ledger/money';
import { compareText, out } from './read-model-support';
import { executionNumbers, RUN_RATE_WARNING_RANK, type ExecutionNumbers, type RunRateWarning } from './hospital-budgets.execution';
import { netPaidOf, openReceivablesOf, type HospitalBudgetsState, type HospitalYearRow } from './hospital-budgets.rows';

/** GET /hospital-budgets/summary: the hospital-years of the read model, filtered, sorted and paged. */

export type SummarySortBy = 'execution' | 'overrun' | 'warning';
export type SortOrder = 'asc' | 'desc';

export interface SummaryQuery {
  readonly fundId?: string;
  readonly year?: number;
  readonly sortBy?: SummarySortBy;
  readonly order?: SortOrder;
  readonly limit: number;
  readonly offset: number;
}

export interface SummaryItem {
  readonly fundId: string;
  readonly payeeId: string;
  readonly year: number;
  readonly status: string;
  readonly quotaYuan: string | null;
  readonly approvedYuan: string;
  readonly actualYuan: string;
  readonly executionPercent: string | null;
  readonly timeSharePercent: string;
  readonly projectedOverrunYuan: string | null;
  readonly projectedSurplusYuan: string | null;
  /** Settled years: the year-end overrun (else null). */
  readonly overrunYuan: string | null;
  readonly netPaidYuan: string;
  readonly openReceivablesYuan: string;
  readonly warning: RunRateWarning;
}

/**
 * Paged, sorted hospital-years. Unknown values (no quota, nothing settled) sort last in either order;
 * ties keep the stable order fund, payee, year.
 */
export function hospitalBudgetSummary(state: HospitalBudgetsState, query: SummaryQuery, businessDate: string) {
  const selected: Array<{ row: HospitalYearRow; numbers: ExecutionNumbers }> = [];
  for (const row of state.rows.values()) {
    if (query.fundId !== undefined && row.fundId !== query.fundId) continue;
    if (query.year !== undefined && row.year !== query.year) continue;
    selected.push({ row, numbers: executionNumbers(row, businessDate) });
  }
  const direction = query.order === 'asc' ? 1 : -1;
  const sortValue = (entry: (typeof selected)[number]): Decimal | null => {
    switch (query.sortBy) {
      case 'execution':
        return entry.numbers.execution;
      case 'overrun':
        return entry.numbers.projectedOverrun;
      case 'warning':
        return entry.numbers.figures.warning === 'none' ? null : new Decimal(RUN_RATE_WARNING_RANK[entry.numbers.figures.warning]);
      default:
        return null;
    }
  };
  const natural = (a: HospitalYearRow, b: HospitalYearRow) =>
    compareText(a.fundId, b.fundId) || compareText(a.payeeId, b.payeeId) || a.year - b.year;
  const keyed = selected.map((entry) => ({ entry, value: sortValue(entry) }));
  keyed.sort((a, b) => {
    if (query.sortBy !== undefined) {
      if (a.value === null && b.value !== null) return 1;
      if (b.value === null && a.value !== null) return -1;
      if (a.value !== null && b.value !== null) {
        const byValue = a.value.comparedTo(b.value) * direction;
        if (byValue !== 0) return byValue;
        if (query.sortBy === 'warning') {
          const byExecution = (a.entry.numbers.execution ?? ZERO).comparedTo(b.entry.numbers.execution ?? ZERO) * direction;
          if (byExecution !== 0) return byExecution;
        }
      }
    }
    return natural(a.entry.row, b.entry.row);
  });
  const page = keyed.slice(query.offset, query.offset + query.limit);
  const items: SummaryItem[] = page.map(({ entry: { row, numbers } }) => ({
    fundId: row.fundId,
    payeeId: row.payeeId,
    year: row.year,
    status: row.yearEnd !== null ? 'settled' : row.quotaInitial === null ? 'no_quota' : 'open',
    quotaYuan: numbers.figures.quotaYuan,
    approvedYuan: out(row.approved),
    actualYuan: numbers.figures.actualYuan,
    executionPercent: numbers.figures.executionPercent,
    timeSharePercent: numbers.figures.timeSharePercent,
    projectedOverrunYuan: numbers.figures.projectedOverrunYuan,
    projectedSurplusYuan: numbers.figures.projectedSurplusYuan,
    overrunYuan: row.yearEnd === null ? null : out(row.yearEnd.amounts.overrunYuan),
    netPaidYuan: out(netPaidOf(row)),
    openReceivablesYuan: out(openReceivablesOf(row)),
    warning: numbers.figures.warning,
  }));
  return { total: selected.length, limit: query.limit, offset: query.offset, items };
}
