import type { JsonValue, RecordedEvent } from '@ledger/event-store';
import type { Projection } from '@ledger/projections';
import { Decimal, ZERO } from '@ledger/money';
import { invariant } from '../shared/decider';
import type { FineImposedData } from '../hospital-budget/hospital-budget.events';
import { TREASURY_FUND, amountOf, type ExpenseCategory, type IncomeSource, type Posting } from '../shared/journal';
import type { FundKind } from '../registry/registry.events';
import { decimalMapFromJson, decimalMapToJson, effectiveDateOf, recordedAtOf } from './read-model-support';

/**
 * fund-balances (基金收支): per fund and month (the month of each event's effective date), from the postings
 * every money event carries:
 * - income by source: credits − debits on {fund}:income:*;
 * - expenditure by category: debits − credits on {fund}:expense:* (clawbacks, the hospital's overrun share
 *   and forfeited deposits are contra-expense and reduce it);
 * - cash: debits − credits on {fund}:cash (the cumulative balance is its running sum);
 * - hospital receivables: debits − credits on {fund}:hospital:*:receivable;
 * - fines: the TREASURY pseudo-fund's fines_payable (its own row), plus a memo on the fund whose budget
 *   imposed the fine (never income).
 * Every fund is its own row: the pooled funds and the personal accounts never mix (R-ACC-1).
 * The months-of-payments figure, its warning and every shape served are computed at query time
 * (fund-balances.views.ts).
 */
export const INCOME_SOURCES = Object.keys({
  employer: 1,
  individual: 1,
  government_subsidy: 1,
  assistance_paid: 1,
  interest: 1,
  other: 1,
  liquidated_damages: 1,
  prior_year_recoveries: 1,
} satisfies Record<IncomeSource, 1>) as IncomeSource[];

export const EXPENSE_CATEGORIES = Object.keys({
  settlements: 1,
  clawbacks: 1,
  surplus_retained: 1,
  hospital_overrun_share: 1,
  deposit_forfeited: 1,
  contribution_subsidies: 1,
  individual_reimbursements: 1,
  personal_account_spending: 1,
  medical_assistance_payments: 1,
  critical_illness_premiums: 1,
  out_of_area_care: 1,
  earmarked_settlements: 1,
} satisfies Record<ExpenseCategory, 1>) as ExpenseCategory[];

export interface MonthCell {
  readonly income: Map<string, Decimal>;
  readonly expense: Map<string, Decimal>;
  cash: Decimal;
  receivables: Decimal;
  finesPayable: Decimal;
  finesImposed: Decimal;
}

export interface FundRow {
  readonly fundId: string;
  kind: FundKind | 'treasury' | null;
  name: string | null;
  /** Keyed YYYY-MM. */
  readonly months: Map<string, MonthCell>;
}

export interface FundBalancesState {
  readonly funds: Map<string, FundRow>;
  /** metadata.recordedAt of the last event folded: the business date of an as-of-position read. */
  lastRecordedAt: string | null;
}

export const newCell = (): MonthCell => ({
  income: new Map(),
  expense: new Map(),
  cash: ZERO,
  receivables: ZERO,
  finesPayable: ZERO,
  finesImposed: ZERO,
});

function fundOf(state: FundBalancesState, fundId: string): FundRow {
  let row = state.funds.get(fundId);
  if (row === undefined) {
    row = { fundId, kind: fundId === TREASURY_FUND ? 'treasury' : null, name: null, months: new Map() };
    state.funds.set(fundId, row);
  }
  return row;
}

function cellOf(row: FundRow, month: string): MonthCell {
  let cell = row.months.get(month);
  if (cell === undefined) {
    cell = newCell();
    row.months.set(month, cell);
  }
  return cell;
}

function apply(state: FundBalancesState, event: RecordedEvent): FundBalancesState {
  state.lastRecordedAt = recordedAtOf(event);
  if (event.type === 'FundRegistered') {
    const data = event.data as { fundId: string; name: string; kind: FundKind };
    const row = fundOf(state, data.fundId);
    row.kind = data.kind;
    row.name = data.name;
    return state;
  }
  const postings = event.data['postings'];
  if (!Array.isArray(postings) || postings.length === 0) return state;
  const month = effectiveDateOf(event).slice(0, 7);
  let lastFund = '';
  let cell: MonthCell | undefined;
  for (const raw of postings) {
    const p = raw as unknown as Posting;
    if (p.fundId !== lastFund || cell === undefined) {
      cell = cellOf(fundOf(state, p.fundId), month);
      lastFund = p.fundId;
    }
    const account = p.account;
    const prefix = p.fundId.length + 1;
    invariant(account.startsWith(p.fundId) && account.charCodeAt(prefix - 1) === 58, `posting ${account} is not an account of fund ${p.fundId}`);
    const isDebit = p.side === 'debit';
    // Only the accounts this read model shows are parsed (hospital prepaid/deposit/deferred lines are not).
    if (account.length === prefix + 4 && account.endsWith('cash')) {
      const value = amountOf(p);
      cell.cash = isDebit ? cell.cash.plus(value) : cell.cash.minus(value);
    } else if (account.startsWith('income:', prefix)) {
      addSigned(cell.income, account.slice(prefix + 7), amountOf(p), !isDebit);
    } else if (account.startsWith('expense:', prefix)) {
      addSigned(cell.expense, account.slice(prefix + 8), amountOf(p), isDebit);
    } else if (account.startsWith('hospital:', prefix) && account.endsWith(':receivable')) {
      const value = amountOf(p);
      cell.receivables = isDebit ? cell.receivables.plus(value) : cell.receivables.minus(value);
    } else if (p.fundId === TREASURY_FUND && account.endsWith(':fines_payable')) {
      const value = amountOf(p);
      cell.finesPayable = isDebit ? cell.finesPayable.minus(value) : cell.finesPayable.plus(value);
    }
  }
  if (event.type === 'FineImposed') {
    const data = event.data as unknown as FineImposedData;
    const memo = cellOf(fundOf(state, data.fundId), month);
    memo.finesImposed = memo.finesImposed.plus(data.fineYuan);
  }
  return state;
}

/** map[key] ± value in place, without allocating a negated copy. */
function addSigned(map: Map<string, Decimal>, key: string, value: Decimal, add: boolean): void {
  const current = map.get(key);
  if (current === undefined) map.set(key, add ? value : value.negated());
  else map.set(key, add ? current.plus(value) : current.minus(value));
}

// ---- snapshot JSON

interface CellJson {
  income: Record<string, string>;
  expense: Record<string, string>;
  cash: string;
  receivables: string;
  finesPayable: string;
  finesImposed: string;
}

interface StateJson {
  lastRecordedAt: string | null;
  funds: Array<{ fundId: string; kind: FundRow['kind']; name: string | null; months: Record<string, CellJson> }>;
}

export const fundBalancesProjection: Projection<FundBalancesState> = {
  name: 'fund-balances',
  version: 1,
  initialState: () => ({ funds: new Map(), lastRecordedAt: null }),
  apply,
  toJson(state): JsonValue {
    const json: StateJson = {
      lastRecordedAt: state.lastRecordedAt,
      funds: [...state.funds.values()].map((row) => {
        const months: Record<string, CellJson> = {};
        for (const [key, cell] of row.months) {
          months[key] = {
            income: decimalMapToJson(cell.income),
            expense: decimalMapToJson(cell.expense),
            cash: cell.cash.toString(),
            receivables: cell.receivables.toString(),
            finesPayable: cell.finesPayable.toString(),
            finesImposed: cell.finesImposed.toString(),
          };
        }
        return { fundId: row.fundId, kind: row.kind, name: row.name, months };
      }),
    };
    return json as unknown as JsonValue;
  },
  fromJson(json): FundBalancesState {
    const parsed = json as unknown as StateJson;
    const funds = new Map<string, FundRow>();
    for (const f of parsed.funds) {
      const months = new Map<string, MonthCell>();
      for (const [key, c] of Object.entries(f.months)) {
        months.set(key, {
          income: decimalMapFromJson(c.income),
          expense: decimalMapFromJson(c.expense),
          cash: new Decimal(c.cash),
          receivables: new Decimal(c.receivables),
          finesPayable: new Decimal(c.finesPayable),
          finesImposed: new Decimal(c.finesImposed),
        });
      }
      funds.set(f.fundId, { fundId: f.fundId, kind: f.kind, name: f.name, months });
    }
    return { funds, lastRecordedAt: parsed.lastRecordedAt };
  },
};
