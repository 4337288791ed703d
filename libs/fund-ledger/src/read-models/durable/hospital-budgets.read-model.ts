import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { budgetStreamName } from '../../hospital-budget/hospital-budget.events';
import { hospitalBudgetsProjection } from '../hospital-budgets.projection';
import { recordedAtOf } from '../read-model-support';
import { Decimal } from '@ledger/money';
import type { ProjectionReader } from '@ledger/read-store';
import { applyHospitalBudgetEvent, BUDGET_EVENT_TYPES } from '../hospital-budgets.apply';
import { rowKey, type HospitalBudgetsState, type HospitalYearRow, type ReceivableRecord } from '../hospital-budgets.rows';
import { rowFromJson, rowToJson, type RowJson } from '../hospital-budgets.snapshot';
import type { ReadPoint } from '../read-side.port';
import { bodyOf, partitionedReadModel, SparseMap, type PartitionKind } from './sparse-state';

/**
 * hospital-budgets, durable: the same fold (applyHospitalBudgetEvent) over sparse partitions.
 * - years (fund_id, year, payee_id): one hospital-year row (its sums, at most 12 prepayments and 12
 *   settlements, its adjustments), the snapshot JSON of today's row;
 * - receivables (fund_id, payee_id, holder_year, receivable_id): one receivable each.
 * Nothing per fund-year aggregates the hospitals: the summary is computed from the rows it selects.
 */
const years: PartitionKind<HospitalBudgetsState, HospitalYearRow> = {
  kind: 'row',
  table: { name: 'years', key: ['fund_id', 'payee_id', 'year'] },
  mapOf: (state) => state.rows as SparseMap<HospitalYearRow>,
  keyOf(id) {
    const [fundId, payeeId, year] = id.split('|') as [string, string, string];
    return { fund_id: fundId, payee_id: payeeId, year };
  },
  encode: (row) => JSON.stringify(rowToJson(row)),
  decode: (text) => rowFromJson(JSON.parse(text) as RowJson),
};

interface ReceivableJson extends Omit<ReceivableRecord, 'outstanding'> {
  outstanding: string;
}

const receivables: PartitionKind<HospitalBudgetsState, ReceivableRecord> = {
  kind: 'receivable',
  table: { name: 'receivables', key: ['fund_id', 'payee_id', 'holder_year', 'receivable_id'] },
  mapOf: (state) => state.receivables as SparseMap<ReceivableRecord>,
  keyOf(id) {
    const [fundId, payeeId, holderYear, ...rest] = id.split('|') as [string, string, string, ...string[]];
    return { fund_id: fundId, payee_id: payeeId, holder_year: holderYear, receivable_id: rest.join('|') };
  },
  encode: (record) => JSON.stringify({ ...record, outstanding: record.outstanding.toString() }),
  decode(text) {
    const json = JSON.parse(text) as ReceivableJson;
    return { ...json, outstanding: new Decimal(json.outstanding) };
  },
};

export const hospitalBudgetsReadModel = partitionedReadModel<HospitalBudgetsState>({
  name: 'hospital_budgets',
  version: 1,
  kinds: [years, receivables],
  relevant: (event) => BUDGET_EVENT_TYPES.has(event.type),
  sparse: () => ({ rows: new SparseMap('row'), receivables: new SparseMap('receivable'), lastRecordedAt: null }),
  apply: applyHospitalBudgetEvent,
  hints(event: RecordedEvent) {
    const data = event.data as { fundId?: string; payeeId?: string; year?: number };
    return typeof data.fundId === 'string' && typeof data.payeeId === 'string' && typeof data.year === 'number'
      ? [['row', rowKey(data.fundId, data.payeeId, data.year)] as const]
      : [];
  },
});

/** One hospital-year as of the point, or undefined. */
export async function hospitalYearAt(
  reader: ProjectionReader,
  point: ReadPoint,
  fundId: string,
  payeeId: string,
  year: number,
): Promise<HospitalYearRow | undefined> {
  const row = await reader.asOf('years', { fund_id: fundId, payee_id: payeeId, year: String(year) }, point.at);
  return bodyOf(years, row?.values);
}

const PAGE = 1000;

/**
 * The hospital-years a summary selects, as of the point: the fund's rows by key prefix when the fund is
 * given, else a scan, each filtered by year. Memory: the selected rows (a fund-year's
 * hospitals, ~10^3), not the projection; an unfiltered summary selects every row and is the one read whose
 * cost grows with the hospitals.
 */
export async function selectedRows(
  reader: ProjectionReader,
  point: ReadPoint,
  filter: { fundId?: string; year?: number },
): Promise<HospitalBudgetsState> {
  const rows = new Map<string, HospitalYearRow>();
  const prefix: Record<string, string> | undefined = filter.fundId === undefined ? undefined : { fund_id: filter.fundId };
  let after: Record<string, string> | undefined;
  for (;;) {
    const page = await reader.list('years', { limit: PAGE, asOf: point.at, ...(prefix ? { prefix } : {}), ...(after ? { after } : {}) });
    for (const version of page) {
      const row = bodyOf(years, version.values);
      if (row && (filter.year === undefined || row.year === filter.year)) rows.set(rowKey(row.fundId, row.payeeId, row.year), row);
    }
    if (page.length < PAGE) return { rows, receivables: new Map(), lastRecordedAt: point.lastRecordedAt };
    after = { ...page[page.length - 1]!.key };
  }
}

/** The years a hospital has a row for in a fund (its budget streams), from the current rows. */
async function yearsOf(reader: ProjectionReader, fundId: string, payeeId: string): Promise<number[]> {
  const found: number[] = [];
  let after: Record<string, string> | undefined;
  for (;;) {
    const page = await reader.list('years', { limit: PAGE, prefix: { fund_id: fundId, payee_id: payeeId }, ...(after ? { after } : {}) });
    for (const row of page) found.push(Number(row.key['year']));
    if (page.length < PAGE) return found;
    after = { ...page[page.length - 1]!.key };
  }
}

/**
 * A hospital-year as of an instant, exactly as the in-memory fold filtered the log: the events of that
 * hospital's budget streams (every year: late clawbacks and recoveries come from later years' streams)
 * recorded at or before the instant, in log order, folded by the same projection. A stream is appended in
 * order but recorded times are not (a year's prepayments may all be posted before its settlements), so no
 * single stored version is that state. Memory and reads: one hospital's events (tens a year).
 */
export async function hospitalYearAtInstant(
  events: EventStore,
  reader: ProjectionReader,
  key: { fundId: string; payeeId: string; year: number },
  instant: string,
): Promise<{ row: HospitalYearRow | undefined; position: bigint }> {
  const included: RecordedEvent[] = [];
  for (const year of await yearsOf(reader, key.fundId, key.payeeId)) {
    const stream = budgetStreamName(key.fundId, key.payeeId, year);
    for (let from = 0n; ; ) {
      const page = await events.readStream(stream, { fromRevision: from, limit: PAGE });
      for (const event of page) if (recordedAtOf(event) <= instant) included.push(event);
      if (page.length < PAGE) break;
      from = page[page.length - 1]!.revision + 1n;
    }
  }
  included.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  let state = hospitalBudgetsProjection.initialState();
  for (const event of included) state = hospitalBudgetsProjection.apply(state, event);
  return { row: state.rows.get(rowKey(key.fundId, key.payeeId, key.year)), position: included.at(-1)?.position ?? -1n };
}

/** A stored hospital-year or receivable (undefined: absent or a tombstone). */
export const decodeRow = (values: Readonly<Record<string, unknown>>): HospitalYearRow | undefined => bodyOf(years, values);
export const decodeReceivable = (values: Readonly<Record<string, unknown>>): ReceivableRecord | undefined => bodyOf(receivables, values);
