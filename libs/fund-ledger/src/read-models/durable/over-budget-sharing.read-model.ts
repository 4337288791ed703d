import type { ProjectionReader } from '@ledger/read-store';
import { applySharing, rowFromJson, rowToJson, type OverBudgetSharingState, type RowJson, type SharingRow } from '../over-budget-sharing.projection';
import type { ReadPoint } from '../read-side.port';
import { rowsAt } from './hospital-rows';
import { bodyOf, partitionedReadModel, SparseMap, type PartitionKind } from './sparse-state';

/**
 * over-budget-sharing, durable: the same fold (applySharing) over one partition per settled hospital-year
 * (fund_id, year, payee_id), today's snapshot JSON of the row. The totals per fund-year are summed at
 * query time over the rows the query selects (a fund-year's prefix), as the in-memory view does.
 */
const rows: PartitionKind<OverBudgetSharingState, SharingRow> = {
  kind: 'row',
  table: { name: 'rows', key: ['fund_id', 'year', 'payee_id'] },
  mapOf: (state) => state.rows as SparseMap<SharingRow>,
  keyOf(id) {
    const [fundId, payeeId, year] = id.split('|') as [string, string, string];
    return { fund_id: fundId, year, payee_id: payeeId };
  },
  encode: (row) => JSON.stringify(rowToJson(row)),
  decode: (text) => rowFromJson(JSON.parse(text) as RowJson),
};

export const overBudgetSharingReadModel = partitionedReadModel<OverBudgetSharingState>({
  name: 'over_budget_sharing',
  version: 1,
  kinds: [rows],
  relevant: (event) => event.type === 'YearEndSettled',
  sparse: () => ({ rows: new SparseMap('row') }),
  apply: applySharing,
  hints(event) {
    const data = event.data as { fundId?: unknown; payeeId?: unknown; year?: unknown };
    return typeof data.fundId === 'string' && typeof data.payeeId === 'string' && typeof data.year === 'number'
      ? [['row', `${data.fundId}|${data.payeeId}|${data.year}`] as const]
      : [];
  },
});

/** The settled hospital-years a query selects, as of the point (fund and year: one prefix; else filtered). */
export async function sharingRowsAt(
  reader: ProjectionReader,
  point: ReadPoint,
  filter: { fundId?: string; year?: number },
): Promise<OverBudgetSharingState> {
  const state: OverBudgetSharingState = { rows: new Map() };
  const prefix: Record<string, string> | undefined =
    filter.fundId === undefined ? undefined : filter.year === undefined ? { fund_id: filter.fundId } : { fund_id: filter.fundId, year: String(filter.year) };
  for await (const version of rowsAt(reader, 'rows', point, prefix)) {
    const row = bodyOf(rows, version.values);
    if (row && (filter.year === undefined || row.year === filter.year)) state.rows.set(`${row.fundId}|${row.payeeId}|${row.year}`, row);
  }
  return state;
}

/** A stored settled hospital-year (undefined: absent). */
export const decodeSharing = (values: Readonly<Record<string, unknown>>): SharingRow | undefined => bodyOf(rows, values);
