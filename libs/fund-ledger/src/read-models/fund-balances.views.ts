import { Decimal, ZERO } from '@ledger/money';
import { invariant } from '../shared/decider';
import { addInto, compareText, out, percent, sumValues, yuanByKey } from './read-model-support';
import {
  EXPENSE_CATEGORIES,
  INCOME_SOURCES,
  newCell,
  type FundBalancesState,
  type FundRow,
  type MonthCell,
} from './fund-balances.projection';

/** The query-time figures and shapes of the fund-balances read model (基金收支), for a year. */

export type FundWarning = 'red' | 'amber' | 'normal' | 'excessive';
export type FundGroup = 'pooled' | 'personal' | 'other' | 'treasury';

const THREE = new Decimal(3);
const SIX = new Decimal(6);
const FIFTEEN = new Decimal(15);

/**
 * §7 months of payments the cumulative balance covers (累计结余可支付月数), with the brief's bands:
 * red below 3; amber from 3 to below 6; normal from 6 to 15 inclusive; excessive above 15.
 */
export function fundWarningLevel(months: Decimal | null): FundWarning | null {
  if (months === null) return null;
  if (months.lt(THREE)) return 'red';
  if (months.lt(SIX)) return 'amber';
  if (months.lte(FIFTEEN)) return 'normal';
  return 'excessive';
}

/** §7: current-year expenditure ÷ income above 100% red, above 95% amber. */
export function spendingWarningLevel(expenditure: Decimal, income: Decimal): 'red' | 'amber' | 'normal' | null {
  if (!income.gt(0)) return null;
  const ratio = expenditure.div(income);
  if (ratio.gt(1)) return 'red';
  if (ratio.gt('0.95')) return 'amber';
  return 'normal';
}

/** cash ÷ the average monthly expenditure of the (up to) 12 latest months with expenditure; null without any. */
export function monthsCovered(cash: Decimal, trailingExpenditure: readonly Decimal[]): Decimal | null {
  if (trailingExpenditure.length === 0) return null;
  let total = ZERO;
  for (const e of trailingExpenditure) total = total.plus(e);
  if (!total.gt(0)) return null;
  return cash.times(trailingExpenditure.length).div(total);
}

export function fundGroup(row: Pick<FundRow, 'fundId' | 'kind'>): FundGroup {
  switch (row.kind) {
    case 'treasury':
      return 'treasury';
    case 'employee_pooled':
    case 'resident_pooled':
      return 'pooled';
    case 'employee_personal':
      return 'personal';
    default:
      return 'other';
  }
}

const monthKey = (year: number, month: number): string => `${year}-${String(month).padStart(2, '0')}`;
const twoPlaces = (value: Decimal | null): string | null =>
  value === null ? null : value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

export interface MonthFigures {
  readonly month: string;
  readonly incomeYuan: string;
  readonly incomeBySource: Record<string, string>;
  readonly expenditureYuan: string;
  readonly expenditureByCategory: Record<string, string>;
  /** income − expenditure of the month (当期结余). */
  readonly currentSurplusYuan: string;
  /** The fund's cash account at the month's end (累计结余). */
  readonly cumulativeBalanceYuan: string;
  readonly openReceivablesYuan: string;
  /** Treasury memorandum, never income: fines imposed in this fund's budgets (TREASURY row: fines payable). */
  readonly finesToTreasuryYuan: string;
  readonly monthsCovered: string | null;
  readonly warning: FundWarning | null;
}

/** The balances carried month to month: cash, receivables and the (up to) 12 latest months with expenditure. */
interface Running {
  cash: Decimal;
  receivables: Decimal;
  readonly trailing: Decimal[];
}

function carry(running: Running, cell: MonthCell): void {
  running.cash = running.cash.plus(cell.cash);
  running.receivables = running.receivables.plus(cell.receivables);
  if (cell.expense.size === 0) return;
  running.trailing.push(sumValues(cell.expense));
  if (running.trailing.length > 12) running.trailing.shift();
}

/** The balances at the start of `year` (every earlier month carried) and the year's last month with postings. */
function openingOf(row: FundRow, year: number): { running: Running; lastMonthOfYear: number } {
  const first = monthKey(year, 1);
  const last = monthKey(year, 12);
  const running: Running = { cash: ZERO, receivables: ZERO, trailing: [] };
  let lastMonthOfYear = 0;
  for (const key of [...row.months.keys()].sort(compareText)) {
    if (key < first) carry(running, row.months.get(key)!);
    else if (key <= last) lastMonthOfYear = Math.max(lastMonthOfYear, Number(key.slice(5, 7)));
  }
  return { running, lastMonthOfYear };
}

function monthFigures(month: string, cell: MonthCell, running: Running, fines: Decimal, covered: Decimal | null): MonthFigures {
  const income = sumValues(cell.income);
  const expenditure = sumValues(cell.expense);
  return {
    month,
    incomeYuan: out(income),
    incomeBySource: yuanByKey(cell.income, INCOME_SOURCES),
    expenditureYuan: out(expenditure),
    expenditureByCategory: yuanByKey(cell.expense, EXPENSE_CATEGORIES),
    currentSurplusYuan: out(income.minus(expenditure)),
    cumulativeBalanceYuan: out(running.cash),
    openReceivablesYuan: out(running.receivables),
    finesToTreasuryYuan: out(fines),
    monthsCovered: twoPlaces(covered),
    warning: fundWarningLevel(covered),
  };
}

/**
 * One fund's year: every month from January to the last month of the year with postings (months without
 * postings show zero flows and the balances carried), and the year's totals. Balances are cumulative over
 * all earlier years.
 */
export function fundYearView(row: FundRow, year: number) {
  const { running, lastMonthOfYear } = openingOf(row, year);
  const openingBalance = running.cash;
  let covered = monthsCovered(running.cash, running.trailing);
  const income = new Map<string, Decimal>();
  const expense = new Map<string, Decimal>();
  let fines = ZERO;
  const months: MonthFigures[] = [];
  for (let m = 1; m <= lastMonthOfYear; m++) {
    const cell = row.months.get(monthKey(year, m)) ?? newCell();
    carry(running, cell);
    for (const [k, v] of cell.income) addInto(income, k, v);
    for (const [k, v] of cell.expense) addInto(expense, k, v);
    const monthFines = row.kind === 'treasury' ? cell.finesPayable : cell.finesImposed;
    fines = fines.plus(monthFines);
    covered = monthsCovered(running.cash, running.trailing);
    months.push(monthFigures(monthKey(year, m), cell, running, monthFines, covered));
  }
  const totalIncome = sumValues(income);
  const totalExpenditure = sumValues(expense);
  invariant(
    months.reduce((acc, m) => acc.plus(m.currentSurplusYuan), ZERO).equals(totalIncome.minus(totalExpenditure)),
    `fund ${row.fundId} ${year}: the months' surpluses do not add up to the year's`,
  );
  return {
    fundId: row.fundId,
    kind: row.kind,
    name: row.name,
    group: fundGroup(row),
    year,
    months,
    totals: {
      incomeYuan: out(totalIncome),
      incomeBySource: yuanByKey(income, INCOME_SOURCES),
      expenditureYuan: out(totalExpenditure),
      expenditureByCategory: yuanByKey(expense, EXPENSE_CATEGORIES),
      currentSurplusYuan: out(totalIncome.minus(totalExpenditure)),
      expenditureToIncomePercent: percent(totalExpenditure, totalIncome),
      spendingWarning: spendingWarningLevel(totalExpenditure, totalIncome),
      openingBalanceYuan: out(openingBalance),
      closingBalanceYuan: out(running.cash),
      openReceivablesYuan: out(running.receivables),
      finesToTreasuryYuan: out(fines),
      monthsCovered: twoPlaces(covered),
      warning: fundWarningLevel(covered),
    },
  };
}

export type FundYearView = ReturnType<typeof fundYearView>;

/** Every fund's year totals, grouped: pooled funds, personal accounts, other funds, and the treasury apart. */
export function allFundsView(state: FundBalancesState, year: number) {
  const groups: Record<FundGroup, Array<Omit<FundYearView, 'months'>>> = { pooled: [], personal: [], other: [], treasury: [] };
  for (const row of [...state.funds.values()].sort((a, b) => compareText(a.fundId, b.fundId))) {
    const { months: _months, ...rest } = fundYearView(row, year);
    groups[rest.group].push(rest);
  }
  return groups;
}
