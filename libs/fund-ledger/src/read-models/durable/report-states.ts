import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { AccountTotals } from '../../journal/journal.fold';
import { ReadModelEngine, type ProjectionReader, type ReadStore, type VersionedRow, type PlainRow } from '@ledger/read-store';
import type { CarryForwardState, HospitalCarry } from '../carry-forward.projection';
import type { FundBalancesState, FundRow, MonthCell } from '../fund-balances.projection';
import type { HospitalBudgetsState, HospitalYearRow, ReceivableRecord } from '../hospital-budgets.rows';
import { journalProjection, type JournalState } from '../journal.projection';
import type { OverBudgetSharingState, SharingRow } from '../over-budget-sharing.projection';
import { recordedAtOf } from '../read-model-support';
import { decodeHospital } from './carry-forward.read-model';
import { DURABLE_PROJECTIONS } from './durable-projections';
import { fenOf } from './fen';
import { cellFromText } from './fund-balances.read-model';
import { decodeReceivable, decodeRow } from './hospital-budgets.read-model';
import { accountRows } from './journal.read-model';
import { decodeSharing } from './over-budget-sharing.read-model';

/**
 * The auditor's replay (cli replay): the durable read models rebuilt into a read store of its own by the
 * engine and the projections the service runs, then each one's whole state assembled from its rows in
 * the order the in-memory fold would have inserted them (first version first; within one event, the
 * event's own order), so that the report's snapshot JSON is comparable with any other fold of the log.
 * A report is the whole state by definition: this is the one place that holds a projection in memory.
 */
export async function rebuildReadModels(events: EventStore, store: ReadStore): Promise<ReadModelEngine> {
  const engine = new ReadModelEngine({ events, store, projections: DURABLE_PROJECTIONS, pageSize: 1000 });
  await engine.start({ live: false });
  await engine.catchUp();
  return engine;
}

const LIVE = { asOf: 'live', position: '', at: { position: 2n ** 62n }, lastRecordedAt: null } as const;
const PAGE = 1000;

async function* currentRows(reader: ProjectionReader, table: string): AsyncGenerator<VersionedRow | PlainRow> {
  let after: Record<string, string> | undefined;
  for (;;) {
    const page = await reader.list(table, { limit: PAGE, ...(after ? { after } : {}) });
    yield* page;
    if (page.length < PAGE) return;
    after = { ...page[page.length - 1]!.key };
  }
}

/** Items ordered by the position of their first version, ties by rank (their order inside that event). */
async function inFoldOrder<T>(
  reader: ProjectionReader,
  events: EventStore,
  table: string,
  items: ReadonlyArray<{ key: Record<string, string>; item: T }>,
  rank: (event: RecordedEvent | undefined, item: T) => number,
): Promise<T[]> {
  const ranked: Array<{ position: bigint; rank: number; item: T }> = [];
  const eventAt = new Map<bigint, RecordedEvent | undefined>();
  for (const { key, item } of items) {
    const [first] = await reader.versions(table, key, { limit: 1 });
    const position = first?.validFrom.position ?? -1n;
    if (!eventAt.has(position)) eventAt.set(position, (await events.readAll({ after: position - 1n, limit: 1 }))[0]);
    ranked.push({ position, rank: rank(eventAt.get(position), item), item });
  }
  ranked.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : a.rank - b.rank));
  return ranked.map((r) => r.item);
}

const postingsOf = (event: RecordedEvent | undefined): Array<{ fundId: string; account: string }> =>
  Array.isArray(event?.data['postings']) ? (event!.data['postings'] as unknown as Array<{ fundId: string; account: string }>) : [];

async function lastRecordedAt(events: EventStore): Promise<string | null> {
  const head = await events.headPosition();
  if (head < 0n) return null;
  const [last] = await events.readAll({ after: head - 1n, limit: 1 });
  return last ? recordedAtOf(last) : null;
}

export async function journalState(engine: ReadModelEngine, events: EventStore): Promise<JournalState> {
  const reader = engine.reader('journal');
  const items: Array<{ key: Record<string, string>; item: AccountTotals }> = [];
  for await (const account of accountRows(reader, LIVE)) items.push({ key: { fund_id: account.fundId, account: account.account }, item: account });
  const ordered = await inFoldOrder(reader, events, 'accounts', items, (event, account) =>
    postingsOf(event).findIndex((p) => p.account === account.account),
  );
  const totals = (await reader.current('totals', { scope: 'all' })) as VersionedRow | undefined;
  // Through the projection's own JSON, so the running totals are derived exactly as a restore derives them.
  return journalProjection.fromJson({
    lastPosition: totals ? totals.validFrom.position.toString() : null,
    entryCount: Number(fenOf(totals?.values, 'entries')),
    accounts: ordered.map((a) => ({ fundId: a.fundId, account: a.account, debit: a.debit.toFixed(2), credit: a.credit.toFixed(2) })),
  });
}

export async function fundBalancesState(engine: ReadModelEngine, events: EventStore): Promise<FundBalancesState> {
  const reader = engine.reader('fund_balances');
  const funds: Array<{ key: Record<string, string>; item: FundRow }> = [];
  for await (const row of currentRows(reader, 'funds')) {
    const fundId = row.key['fund_id']!;
    const kind = typeof row.values['kind'] === 'string' ? row.values['kind'] : null;
    const name = typeof row.values['name'] === 'string' ? row.values['name'] : null;
    funds.push({ key: { fund_id: fundId }, item: { fundId, kind: kind as FundRow['kind'], name, months: new Map() } });
  }
  const fundRank = (event: RecordedEvent | undefined, row: FundRow): number => {
    if (event?.type === 'FundRegistered') return 0;
    const index = postingsOf(event).findIndex((p) => p.fundId === row.fundId);
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  const ordered = await inFoldOrder(reader, events, 'funds', funds, fundRank);
  for (const row of ordered) {
    const cells: Array<{ key: Record<string, string>; item: [string, MonthCell] }> = [];
    let after: Record<string, string> | undefined;
    for (;;) {
      const page = await reader.list('cells', { limit: PAGE, prefix: { fund_id: row.fundId }, ...(after ? { after } : {}) });
      for (const cell of page) {
        const text = cell.values['cell'];
        if (typeof text === 'string') cells.push({ key: { ...cell.key }, item: [cell.key['month']!, cellFromText(text)] });
      }
      if (page.length < PAGE) break;
      after = { ...page[page.length - 1]!.key };
    }
    for (const [month, cell] of await inFoldOrder(reader, events, 'cells', cells, () => 0)) row.months.set(month, cell);
  }
  return { funds: new Map(ordered.map((row) => [row.fundId, row])), lastRecordedAt: await lastRecordedAt(events) };
}

export async function hospitalBudgetsState(engine: ReadModelEngine, events: EventStore): Promise<HospitalBudgetsState> {
  const reader = engine.reader('hospital_budgets');
  const rows: Array<{ key: Record<string, string>; item: HospitalYearRow }> = [];
  for await (const version of currentRows(reader, 'years')) {
    const row = decodeRow(version.values);
    if (row) rows.push({ key: { ...version.key }, item: row });
  }
  const orderedRows = await inFoldOrder(reader, events, 'years', rows, (event, row) => ((event?.data['year'] as number) === row.year ? 0 : 1));
  const receivables: Array<{ key: Record<string, string>; item: ReceivableRecord }> = [];
  for await (const version of currentRows(reader, 'receivables')) {
    const record = decodeReceivable(version.values);
    if (record) receivables.push({ key: { ...version.key }, item: record });
  }
  const orderedReceivables = await inFoldOrder(reader, events, 'receivables', receivables, (event, record) => {
    const carried = event?.data['receivables'];
    return Array.isArray(carried) ? carried.findIndex((c) => (c as { receivableId?: string }).receivableId === record.receivableId) : 0;
  });
  return {
    rows: new Map(orderedRows.map((row) => [`${row.fundId}|${row.payeeId}|${row.year}`, row])),
    receivables: new Map(orderedReceivables.map((r) => [`${r.fundId}|${r.payeeId}|${r.holderYear}|${r.receivableId}`, r])),
    lastRecordedAt: await lastRecordedAt(events),
  };
}

export async function carryForwardState(engine: ReadModelEngine, events: EventStore): Promise<CarryForwardState> {
  const reader = engine.reader('carry_forward');
  const items: Array<{ key: Record<string, string>; item: HospitalCarry }> = [];
  for await (const version of currentRows(reader, 'hospitals')) {
    const hospital = decodeHospital(version.values);
    if (hospital) items.push({ key: { ...version.key }, item: hospital });
  }
  const ordered = await inFoldOrder(reader, events, 'hospitals', items, () => 0);
  return { hospitals: new Map(ordered.map((h) => [`${h.fundId}|${h.payeeId}`, h])) };
}

export async function overBudgetSharingState(engine: ReadModelEngine, events: EventStore): Promise<OverBudgetSharingState> {
  const reader = engine.reader('over_budget_sharing');
  const items: Array<{ key: Record<string, string>; item: SharingRow }> = [];
  for await (const version of currentRows(reader, 'rows')) {
    const row = decodeSharing(version.values);
    if (row) items.push({ key: { ...version.key }, item: row });
  }
  const ordered = await inFoldOrder(reader, events, 'rows', items, () => 0);
  return { rows: new Map(ordered.map((r) => [`${r.fundId}|${r.payeeId}|${r.year}`, r])) };
}
