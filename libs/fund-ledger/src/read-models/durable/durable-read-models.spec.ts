import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { Decimal } from '@ledger/money';
import { openSqliteReadStore } from '@ledger/read-store/sqlite';
import type { ReadStore } from '@ledger/read-store';
import { accounts, credit, debit } from '../../shared/journal';
import { trialBalance } from '../../journal/journal.fold';
import { LIVE_PROJECTIONS } from '../live-projections';
import { hospitalBudgetsProjection } from '../hospital-budgets.projection';
import { journalProjection, runningTrialBalance, type JournalState } from '../journal.projection';
import { rowKey } from '../hospital-budgets.rows';
import { rowToJson } from '../hospital-budgets.snapshot';
import type { ReadPoint } from '../read-side.port';
import { hospitalYearAt, hospitalYearAtInstant } from './hospital-budgets.read-model';
import { runningTrialBalanceNow, trialBalanceAt } from './journal.read-model';
import {
  carryForwardState,
  fundBalancesState,
  hospitalBudgetsState,
  journalState,
  overBudgetSharingState,
  rebuildReadModels,
} from './report-states';
import {
  foldEvents,
  halfYear,
  moneyEvent,
  recorder,
  we1bNextYear,
  we1bYear,
  we4aYear,
} from '../../../../../test/support/read-models/read-model.test-support';

/** The log as an EventStore: readAll in pages, the head, a stream (all the engine and the reads use). */
function logOf(all: readonly RecordedEvent[]): EventStore {
  const store = {
    kind: 'sqlite',
    async readAll({ after, limit }: { after?: bigint; limit: number }) {
      return all.filter((e) => after === undefined || e.position > after).slice(0, limit);
    },
    async readStream(stream: string, { fromRevision = 0n, limit }: { fromRevision?: bigint; limit: number }) {
      return all.filter((e) => e.stream === stream && e.revision >= fromRevision).slice(0, limit);
    },
    async headPosition() {
      return all.at(-1)?.position ?? -1n;
    },
  };
  return store as unknown as EventStore;
}

function scenario(): RecordedEvent[] {
  const r = recorder();
  const money = (fundId: string, date: string, amount: string) =>
    moneyEvent('ContributionCollected', date, [debit(fundId, accounts.cash(fundId), new Decimal(amount)), credit(fundId, accounts.income(fundId, 'employer'), new Decimal(amount))]);
  r.record([{ type: 'FundRegistered', data: { fundId: 'EMP', name: '统筹', kind: 'employee_pooled', poolingRegion: 'QZ' } }]);
  r.record([money('EMP', '2024-01-05', '50000000.00'), money('EMP', '2024-02-05', '1000.01')]);
  r.record(we4aYear('H004'));
  const year2024 = we1bYear();
  const { year2025, recovery } = we1bNextYear(year2024);
  r.record(year2024);
  r.record([...year2025, ...recovery]);
  r.record(halfYear('3600000.00', 'H-RED'));
  r.record([money('EMP', '2024-03-05', '7.77')]);
  return r.all;
}

const at = (position: bigint): ReadPoint => ({ asOf: position.toString(), position: position.toString(), at: { position }, lastRecordedAt: null });

describe('durable read models: the same folds, in rows, with the same answers', () => {
  const all = scenario();
  const events = logOf(all);
  let store: ReadStore;
  let engine: Awaited<ReturnType<typeof rebuildReadModels>>;

  beforeAll(async () => {
    store = await openSqliteReadStore({ path: ':memory:' });
    engine = await rebuildReadModels(events, store);
  });
  afterAll(async () => {
    await engine.stop();
    await store.close();
  });

  it('rebuilds every projection to the whole state the in-memory fold reaches (its snapshot JSON, in its order)', async () => {
    const states: Record<string, unknown> = {
      journal: await journalState(engine, events),
      'hospital-budgets': await hospitalBudgetsState(engine, events),
      'carry-forward': await carryForwardState(engine, events),
      'over-budget-sharing': await overBudgetSharingState(engine, events),
      'fund-balances': await fundBalancesState(engine, events),
    };
    for (const projection of LIVE_PROJECTIONS) {
      expect({ name: projection.name, json: projection.toJson(states[projection.name]) }).toEqual({
        name: projection.name,
        json: projection.toJson(foldEvents(projection, all)),
      });
    }
  });

  it('keeps the running totals row equal to the in-memory running totals (postings onto existing accounts too)', async () => {
    const expected = runningTrialBalance(foldEvents(journalProjection, all) as JournalState);
    expect(await runningTrialBalanceNow(engine.reader('journal'))).toEqual(expected);
    expect(expected.ok).toBe(true);
    expect(expected.debitsYuan).not.toBe('0.00');
  });

  it('answers as of every position exactly as a fold up to it: the trial balance and each hospital-year', async () => {
    const journal = engine.reader('journal');
    const budgets = engine.reader('hospital_budgets');
    for (let index = 0; index < all.length; index += 3) {
      const position = all[index]!.position;
      const prefix = all.slice(0, index + 1);
      const { entries, ...balance } = await trialBalanceAt(journal, at(position));
      const folded = foldEvents(journalProjection, prefix);
      expect({ position, entries, balance }).toEqual({ position, entries: folded.entryCount, balance: trialBalance(folded) });
      const rows = foldEvents(hospitalBudgetsProjection, prefix).rows;
      for (const [fundId, payeeId, year] of [['EMP', 'H004', 2024], ['EMP', 'H001', 2024], ['EMP', 'H001', 2025]] as const) {
        const row = await hospitalYearAt(budgets, at(position), fundId, payeeId, year);
        const expected = rows.get(rowKey(fundId, payeeId, year));
        expect({ position, row: row && rowToJson(row) }).toEqual({ position, row: expected && rowToJson(expected) });
      }
    }
  });

  it('answers a hospital-year as of an instant as the fold filtered by recorded time does', async () => {
    const instant = '2024-07-01T15:59:59.999Z';
    const { row } = await hospitalYearAtInstant(events, engine.reader('hospital_budgets'), { fundId: 'EMP', payeeId: 'H004', year: 2024 }, instant);
    const filtered = all.filter((e) => String(e.metadata['recordedAt']) <= instant);
    const expected = foldEvents(hospitalBudgetsProjection, filtered).rows.get(rowKey('EMP', 'H004', 2024));
    expect(row && rowToJson(row)).toEqual(expected && rowToJson(expected));
    expect(row?.monthsPrepaid.length).toBeGreaterThan(0);
  });
});
