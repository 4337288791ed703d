import type { RecordedEvent } from '@ledger/event-store';
import { Decimal } from '@ledger/money';
import type { ProjectionReader, ReadModelProjection, ReadTransaction, Values } from '@ledger/read-store';
import type { FineImposedData } from '../../hospital-budget/hospital-budget.events';
import type { Posting } from '../../shared/journal';
import {
  fundBalancesProjection,
  type FundBalancesState,
  type FundRow,
  type MonthCell,
} from '../fund-balances.projection';
import { decimalMapFromJson, decimalMapToJson, effectiveDateOf } from '../read-model-support';
import type { ReadPoint } from '../read-side.port';

/**
 * fund-balances, durable: the same fold (fundBalancesProjection.apply, unchanged) over a state holding only
 * what one event touches — the funds it names and their cell for the event's month — loaded from rows and
 * written back when changed. Partitions stay small: a fund row is its registration (kind, name), a cell is
 * one fund-month (a few sums), never a row that grows with the log.
 * - funds (versioned, fund_id): kind, name;
 * - cells (versioned, fund_id + month YYYY-MM): the MonthCell as JSON of decimal strings (exact yuan).
 * Versions carry the engine's monotone stamps (as of a recorded time is a prefix of the log).
 */
export const fundBalancesReadModel: ReadModelProjection = {
  name: 'fund_balances',
  version: 1,
  tables: [
    { name: 'funds', key: ['fund_id'], values: { kind: 'text', name: 'text' }, versioned: true },
    { name: 'cells', key: ['fund_id', 'month'], values: { cell: 'text' }, versioned: true },
  ],
  apply: applyEvent,
};

interface CellJson {
  income: Record<string, string>;
  expense: Record<string, string>;
  cash: string;
  receivables: string;
  finesPayable: string;
  finesImposed: string;
}

export function cellToText(cell: MonthCell): string {
  const json: CellJson = {
    income: decimalMapToJson(cell.income),
    expense: decimalMapToJson(cell.expense),
    cash: cell.cash.toString(),
    receivables: cell.receivables.toString(),
    finesPayable: cell.finesPayable.toString(),
    finesImposed: cell.finesImposed.toString(),
  };
  return JSON.stringify(json);
}

export function cellFromText(text: string): MonthCell {
  const json = JSON.parse(text) as CellJson;
  return {
    income: decimalMapFromJson(json.income),
    expense: decimalMapFromJson(json.expense),
    cash: new Decimal(json.cash),
    receivables: new Decimal(json.receivables),
    finesPayable: new Decimal(json.finesPayable),
    finesImposed: new Decimal(json.finesImposed),
  };
}

/** The funds an event can touch: the one it registers, the funds of its postings, the one a fine memo goes to. */
function fundsTouched(event: RecordedEvent): Set<string> {
  const funds = new Set<string>();
  if (event.type === 'FundRegistered') funds.add(String((event.data as { fundId: string }).fundId));
  const postings = event.data['postings'];
  if (Array.isArray(postings)) for (const raw of postings) funds.add((raw as unknown as Posting).fundId);
  if (event.type === 'FineImposed') funds.add((event.data as unknown as FineImposedData).fundId);
  return funds;
}

const textOf = (values: Values | undefined, column: string): string | null => {
  const value = values?.[column];
  return typeof value === 'string' ? value : null;
};

async function applyEvent(tx: ReadTransaction, event: RecordedEvent): Promise<void> {
  const funds = fundsTouched(event);
  if (funds.size === 0) return;
  const month = effectiveDateOf(event).slice(0, 7);
  const state: FundBalancesState = { funds: new Map(), lastRecordedAt: null };
  const stored = new Map<string, { kind: string | null; name: string | null; cell: string | null }>();
  for (const fundId of funds) {
    const fund = await tx.get('funds', { fund_id: fundId });
    if (!fund) continue;
    const cell = textOf(await tx.get('cells', { fund_id: fundId, month }), 'cell');
    const row: FundRow = { fundId, kind: textOf(fund, 'kind') as FundRow['kind'], name: textOf(fund, 'name'), months: new Map() };
    if (cell !== null) row.months.set(month, cellFromText(cell));
    state.funds.set(fundId, row);
    stored.set(fundId, { kind: row.kind, name: row.name, cell });
  }
  fundBalancesProjection.apply(state, event);
  for (const row of state.funds.values()) {
    const before = stored.get(row.fundId);
    if (!before || before.kind !== row.kind || before.name !== row.name) {
      await tx.put('funds', { fund_id: row.fundId }, { kind: row.kind, name: row.name });
    }
    for (const [key, cell] of row.months) {
      const text = cellToText(cell);
      if (text !== before?.cell) await tx.put('cells', { fund_id: row.fundId, month: key }, { cell: text });
    }
  }
}

const PAGE = 1000;

/** One fund as of the point with every month it has (12 a year: bounded by the years, not the log), or undefined. */
export async function fundRowAt(reader: ProjectionReader, point: ReadPoint, fundId: string): Promise<FundRow | undefined> {
  const fund = await reader.asOf('funds', { fund_id: fundId }, point.at);
  if (!fund) return undefined;
  const row: FundRow = { fundId, kind: textOf(fund.values, 'kind') as FundRow['kind'], name: textOf(fund.values, 'name'), months: new Map() };
  let after: Record<string, string> | undefined;
  for (;;) {
    const cells = await reader.list('cells', { limit: PAGE, asOf: point.at, prefix: { fund_id: fundId }, ...(after ? { after } : {}) });
    for (const cell of cells) {
      const text = textOf(cell.values, 'cell');
      if (text !== null) row.months.set(cell.key['month']!, cellFromText(text));
    }
    if (cells.length < PAGE) return row;
    after = { ...cells[cells.length - 1]!.key };
  }
}

/** Every fund as of the point (funds are few: tens), each with its months. */
export async function fundBalancesAt(reader: ProjectionReader, point: ReadPoint): Promise<FundBalancesState> {
  const state: FundBalancesState = { funds: new Map(), lastRecordedAt: point.lastRecordedAt };
  let after: Record<string, string> | undefined;
  for (;;) {
    const funds = await reader.list('funds', { limit: PAGE, asOf: point.at, ...(after ? { after } : {}) });
    for (const fund of funds) {
      const row = await fundRowAt(reader, point, fund.key['fund_id']!);
      if (row) state.funds.set(row.fundId, row);
    }
    if (funds.length < PAGE) return state;
    after = { ...funds[funds.length - 1]!.key };
  }
}
