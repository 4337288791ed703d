import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { InMemorySnapshotStore, Projector, foldUpTo } from '@ledger/projections';
import type { HospitalBudgetEvent } from '../hospital-budget/hospital-budget.events';
import {
  BEFORE_YEAR,
  CO_FUND,
  KEY,
  clawback,
  damages,
  fine,
  history,
  on,
  prepay,
  prepaymentDay,
  recover,
  score,
  setQuota,
  settle,
  settlementDay,
} from '../hospital-budget/test/hospital-budget.fixtures';
import { executionFigures } from './hospital-budgets.execution';
import { hospitalBudgetsProjection } from './hospital-budgets.projection';
import { rowKey, type HospitalBudgetsState } from './hospital-budgets.rows';
import { hospitalBudgetSummary } from './hospital-budgets.summary';
import { hospitalYearView } from './hospital-budgets.views';
import { foldEvents, halfYear, recorder, throughSnapshot, we1bNextYear, we1bYear, we4aYear } from '../../../../test/support/read-models/read-model.test-support';

const fold = (events: readonly HospitalBudgetEvent[]): HospitalBudgetsState => {
  const r = recorder();
  return foldEvents(hospitalBudgetsProjection, r.record(events));
};

const rowOf = (state: HospitalBudgetsState, year = KEY.year, payeeId = KEY.payeeId) => {
  const row = state.rows.get(rowKey(KEY.fundId, payeeId, year));
  if (!row) throw new Error(`no row ${payeeId}/${year}`);
  return row;
};

describe('hospital-budgets projection', () => {
  it('WE-4a: overrun 2,000,000 split 1,400,000 / 600,000, deposit forfeited 288,000, final payment 4,712,000.00', () => {
    const state = fold(we4aYear());
    const view = hospitalYearView(rowOf(state), '2025-02-01');
    expect(view.status).toBe('settled');
    expect(view.quota).toMatchObject({ initialYuan: '36000000.00', adjustmentsYuan: '0.00', carriedInYuan: '0.00', finalYuan: '36000000.00' });
    expect(view.prepayments).toMatchObject({ grossYuan: '36000000.00', netYuan: '32400000.00', withheldDepositYuan: '3600000.00' });
    expect(view.prepayments.months).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(view.settlements).toMatchObject({
      claimedYuan: '38000000.00',
      refusedYuan: '0.00',
      approvedYuan: '38000000.00',
      netPaymentsYuan: '0.00',
      deferredPayableYuan: '0.00', // 2,000,000 held back by the cash cap, cleared by the year end
    });
    expect(view.yearEnd).toMatchObject({
      overrunYuan: '2000000.00',
      fundOverrunShareYuan: '1400000.00',
      hospitalOverrunShareYuan: '600000.00',
      depositReturnedYuan: '3312000.00',
      depositForfeitedYuan: '288000.00',
      entitlementYuan: '37400000.00',
      finalYuan: '4712000.00',
      paymentYuan: '4712000.00',
      receivableYuan: '0.00',
      hospitalAbsorbsYuan: '888000.00',
      carryForwardCreditYuan: '0.00',
    });
    // The hospital received E − D = 37,400,000 − 288,000 over the year.
    expect(view.netPaidYuan).toBe('37112000.00');
    expect(view.scorePoints).toBe('92.00');
    expect(view.execution).toMatchObject({
      basis: 'year_end',
      executionPercent: '105.56',
      timeSharePercent: '100.00',
      projectedActualYuan: '38000000.00',
      projectedOverrunYuan: '2000000.00',
      warning: 'amber',
    });
  });

  it('keeps the 2,000,000 deferred by the cash cap until the year end clears it', () => {
    const events = we4aYear();
    const beforeYearEnd = fold(events.slice(0, -1));
    expect(hospitalYearView(rowOf(beforeYearEnd), '2025-01-15').settlements.deferredPayableYuan).toBe('2000000.00');
    expect(hospitalYearView(rowOf(beforeYearEnd), '2025-01-15').status).toBe('open');
  });

  it('computes execution, run rate and calendar figures at query time from the business date', () => {
    const row = rowOf(fold(halfYear('3400000.00')));
    const july = executionFigures(row, '2024-07-15');
    expect(july).toMatchObject({
      basis: 'settled_months',
      quotaYuan: '36000000.00',
      actualYuan: '20400000.00',
      remainingQuotaYuan: '15600000.00',
      executionPercent: '56.67',
      monthsSettled: 6,
      timeSharePercent: '50.00',
      gapPercentagePoints: '6.67',
      projectedActualYuan: '40800000.00',
      projectedOverrunYuan: '4800000.00',
      projectedSurplusYuan: '0.00',
      warning: 'red',
      calendar: { monthsEnded: 6, monthsEndedNotSettled: 0, remainingMonths: 6, remainingQuotaPerMonthYuan: '2600000.00' },
    });
    // Same log, later date: only the calendar moves; the run rate depends on the settled months alone.
    const september = executionFigures(row, '2024-09-20');
    expect(september.calendar).toEqual({ monthsEnded: 8, monthsEndedNotSettled: 2, remainingMonths: 4, remainingQuotaPerMonthYuan: '3900000.00' });
    expect(september.projectedActualYuan).toBe(july.projectedActualYuan);
    expect(executionFigures(row, '2023-12-01').calendar.monthsEnded).toBe(0);
    expect(executionFigures(row, '2026-01-01').calendar).toMatchObject({ monthsEnded: 12, remainingMonths: 0, remainingQuotaPerMonthYuan: null });
  });

  it.each([
    ['3000000.00', 'normal', '36000000.00'], // projected exactly Q
    ['3000000.01', 'amber', '36000000.12'],
    ['3300000.00', 'amber', '39600000.00'], // projected exactly 110% of Q: still amber
    ['3300000.01', 'red', '39600000.12'],
  ])('run-rate warning at the thresholds: %s a month → %s', (perMonth, warning, projected) => {
    const figures = executionFigures(rowOf(fold(halfYear(perMonth))), '2024-07-15');
    expect(figures.projectedActualYuan).toBe(projected);
    expect(figures.warning).toBe(warning);
  });

  it('has no warning without a quota or before any month is settled', () => {
    const state = fold(history([[setQuota('36000000.00'), BEFORE_YEAR]]));
    expect(executionFigures(rowOf(state), '2024-03-01')).toMatchObject({ warning: 'none', projectedActualYuan: null, executionPercent: '0.00' });
  });

  it('tracks refusals by rule, co-funded parts, clawbacks, liquidated damages, fines apart, recoveries and offsets', () => {
    const events = history([
      [setQuota('36000000.00'), BEFORE_YEAR],
      [prepay(1), prepaymentDay(1)],
      [
        settle(1, '3000000.00', {
          refusals: [
            { ruleId: 'R-ENF-11', baseYuan: '10000.00', multiplier: '1', includesBase: true },
            { ruleId: 'R-ENF-9', baseYuan: '5000.00', multiplier: '2', includesBase: false },
          ],
        }),
        settlementDay(1),
      ],
      [clawback('C1', '100000.00'), on('2024-02-15')],
      [damages('LD1', '50000.00', '2'), on('2024-02-16')],
      [fine('F1', '20000.00', '2'), on('2024-02-17')],
      [recover('30000.00', 'C1'), on('2024-02-20')],
    ]);
    const before = hospitalYearView(rowOf(fold(events)), '2024-02-28');
    expect(before.settlements).toMatchObject({ claimedYuan: '3000000.00', refusedYuan: '25000.00', approvedYuan: '2975000.00' });
    expect(before.settlements.refusedByRule).toEqual([
      { ruleId: 'R-ENF-11', refusedYuan: '10000.00' },
      { ruleId: 'R-ENF-9', refusedYuan: '15000.00' }, // WE-9: base + base × 2
    ]);
    expect(before.clawbacks.inYearYuan).toBe('100000.00');
    expect(before.penalties).toEqual({ liquidatedDamagesYuan: '100000.00', finesToTreasuryYuan: '40000.00' });
    expect(before.receivables).toEqual({
      openYuan: '170000.00',
      byKind: { clawback: '70000.00', liquidated_damages: '100000.00', year_end_settlement: '0.00' },
      recoveredYuan: '30000.00',
    });
    expect(before.execution.actualYuan).toBe('2875000.00'); // approved − in-year clawbacks

    // Month 2 has no prepayment to offset: the payable goes first to the open receivables, oldest first.
    const after = history(
      [[settle(2, '3000000.00', { coFunding: { fundId: CO_FUND, ratio: '0.30' } }), settlementDay(2)]],
      events,
    );
    const view = hospitalYearView(rowOf(fold(after)), '2024-03-15');
    expect(view.settlements).toMatchObject({
      approvedYuan: '5075000.00', // 2,975,000 + 70% of 3,000,000
      coFundedYuan: '900000.00',
      receivableOffsetsYuan: '170000.00',
      netPaymentsYuan: '1905000.00', // 2,100,000 − 25,000 prepayment left from month 1 − 170,000 offsets
    });
    expect(view.receivables.openYuan).toBe('0.00');
    expect(view.netPaidYuan).toBe('4605000.00'); // 2,700,000 prepaid net + 1,905,000 settlement cash
  });

  describe('across years: carry-in, late clawbacks, receivables moved without double counting', () => {
    function we1bThenNextYear() {
      const year2024 = we1bYear();
      return { year2024, ...we1bNextYear(year2024) };
    }

    it('moves the year-end receivable into the next year, attributes the late clawback to its service year, and counts each once', () => {
      const { year2024, year2025, recovery } = we1bThenNextYear();
      const r = recorder();
      const state = foldEvents(hospitalBudgetsProjection, [...r.record(year2024), ...r.record(year2025)]);
      const y2024 = hospitalYearView(rowOf(state, 2024), '2025-03-02');
      const y2025 = hospitalYearView(rowOf(state, 2025), '2025-03-02');
      expect(y2024.yearEnd).toMatchObject({ surplusYuan: '410000.00', carryForwardCreditYuan: '410000.00', receivableYuan: '410000.00', retentionMode: 'carry_forward' });
      expect(y2024.clawbacks).toEqual({ inYearYuan: '0.00', postCloseYuan: '20000.00', priorYearsAssessedHereYuan: '0.00' });
      expect(y2024.receivables.byKind).toEqual({ clawback: '20000.00', liquidated_damages: '0.00', year_end_settlement: '410000.00' });
      expect(y2025.quota).toMatchObject({ initialYuan: '4710000.00', carriedInYuan: '410000.00', carriedInFromYears: [2024], finalYuan: '5120000.00' });
      expect(y2025.clawbacks.priorYearsAssessedHereYuan).toBe('20000.00');
      expect(y2025.receivables.openYuan).toBe('0.00'); // held by 2025's stream, counted on 2024's row only
      expect(state.receivables.size).toBe(2);

      r.record(recovery);
      const after = foldEvents(hospitalBudgetsProjection, r.all); // a fresh fold of the whole log
      expect(hospitalYearView(rowOf(after, 2024), '2025-03-06').receivables.byKind.year_end_settlement).toBe('0.00');
      expect(hospitalYearView(rowOf(after, 2025), '2025-03-06').receivables.recoveredYuan).toBe('410000.00');
    });

    it('round-trips through its snapshot JSON to the same state and the same views', () => {
      const { year2024, year2025, recovery } = we1bThenNextYear();
      const r = recorder();
      const state = foldEvents(hospitalBudgetsProjection, r.record([...year2024, ...year2025, ...recovery, ...we4aYear('H009')]));
      const restored = throughSnapshot(hospitalBudgetsProjection, state);
      expect(hospitalBudgetsProjection.toJson(restored)).toEqual(hospitalBudgetsProjection.toJson(state));
      for (const key of state.rows.keys()) {
        expect(hospitalYearView(restored.rows.get(key)!, '2025-06-30')).toEqual(hospitalYearView(state.rows.get(key)!, '2025-06-30'));
      }
      // ... and keeps folding identically after the restore.
      const more = r.record(history([[{ ...score('90'), payeeId: 'H010' }, on('2024-11-20')]], halfYear('3000000.00', 'H010')));
      const continued = more.reduce(hospitalBudgetsProjection.apply, restored);
      const direct = more.reduce(hospitalBudgetsProjection.apply, state);
      expect(hospitalBudgetsProjection.toJson(continued)).toEqual(hospitalBudgetsProjection.toJson(direct));
    });
  });

  it('pages and sorts the summary by execution, overrun and warning; unknown values last', () => {
    const r = recorder();
    const events = [
      ...r.record(halfYear('3000000.00', 'H-NORMAL')),
      ...r.record(halfYear('3300000.00', 'H-AMBER')),
      ...r.record(halfYear('3600000.00', 'H-RED')),
      ...r.record(history([[{ ...setQuota('1000000.00'), payeeId: 'H-NONE' }, BEFORE_YEAR]])),
    ];
    const state = foldEvents(hospitalBudgetsProjection, events);
    const page = (sortBy: 'execution' | 'overrun' | 'warning', order: 'asc' | 'desc', limit = 50, offset = 0) =>
      hospitalBudgetSummary(state, { fundId: KEY.fundId, year: KEY.year, sortBy, order, limit, offset }, '2024-07-15');
    expect(page('execution', 'desc').items.map((i) => i.payeeId)).toEqual(['H-RED', 'H-AMBER', 'H-NORMAL', 'H-NONE']);
    expect(page('execution', 'asc').items.map((i) => i.payeeId)).toEqual(['H-NONE', 'H-NORMAL', 'H-AMBER', 'H-RED']);
    expect(page('warning', 'desc').items.map((i) => [i.payeeId, i.warning])).toEqual([
      ['H-RED', 'red'],
      ['H-AMBER', 'amber'],
      ['H-NORMAL', 'normal'],
      ['H-NONE', 'none'],
    ]);
    expect(page('overrun', 'asc').items.map((i) => i.payeeId)).toEqual(['H-NORMAL', 'H-AMBER', 'H-RED', 'H-NONE']);
    const second = page('overrun', 'desc', 2, 1);
    expect(second).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(second.items.map((i) => i.payeeId)).toEqual(['H-AMBER', 'H-NORMAL']);
    expect(second.items[0]).toMatchObject({ executionPercent: '55.00', projectedOverrunYuan: '3600000.00', quotaYuan: '36000000.00' });
    expect(hospitalBudgetSummary(state, { fundId: 'OTHER', limit: 50, offset: 0 }, '2024-07-15').total).toBe(0);
  });

  it('ignores events of other types and keeps the position date of the last event', () => {
    const state = hospitalBudgetsProjection.initialState();
    const [unknown] = recorder().record([{ type: 'FundRegistered', data: { fundId: 'EMP' } }]);
    hospitalBudgetsProjection.apply(state, unknown!);
    expect(state.rows.size).toBe(0);
    expect(state.lastRecordedAt).toBe('2024-01-01T09:00:00.000Z');
  });

  describe('as of a position equals live', () => {
    let dir: string;
    let store: SqliteEventStore;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'ledger-hb-'));
      store = SqliteEventStore.open({ path: join(dir, 'ledger.db') });
    });
    afterEach(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a fold up to the position of the 13th event equals the live state after 13 events; the full fold equals live', async () => {
      const events = we4aYear();
      const positions: bigint[] = [];
      let expected: bigint | 'no_stream' = 'no_stream';
      for (const [i, event] of events.entries()) {
        const result = await store.append(
          'budget-EMP.H001.2024',
          [{ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, type: event.type, data: JSON.parse(JSON.stringify(event.data)), metadata: { recordedAt: `${event.data.effectiveDate}T09:00:00.000Z` } }],
          expected,
        );
        expected = result.nextExpectedRevision;
        positions.push(result.position);
      }
      const projector = new Projector(hospitalBudgetsProjection, store, new InMemorySnapshotStore());
      await projector.start();
      expect(await projector.waitFor(positions[12]!, 5_000)).toBe(true);
      const thirteen = await foldUpTo(hospitalBudgetsProjection, store, positions[12]);
      expect(thirteen.checkpoint).toBe(positions[12]);
      const byHand = await store.readAll({ limit: 13 });
      expect(hospitalBudgetsProjection.toJson(thirteen.state)).toEqual(hospitalBudgetsProjection.toJson(foldEvents(hospitalBudgetsProjection, byHand)));
      expect(await projector.caughtUp(5_000)).toBe(true);
      const full = await foldUpTo(hospitalBudgetsProjection, store, undefined);
      expect(hospitalBudgetsProjection.toJson(projector.current().state)).toEqual(hospitalBudgetsProjection.toJson(full.state));
      expect(hospitalYearView(rowOf(full.state), '2025-02-01').yearEnd?.finalYuan).toBe('4712000.00');
      await projector.stop();
    });
  });
});
