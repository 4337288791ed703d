import { Decimal } from '@ledger/money';
import { fold as foldDecider } from '../shared/decider';
import { accounts, credit, debit, TREASURY_FUND } from '../shared/journal';
import type { DomainEvent } from '../shared/decider';
import { collectionsDecider } from '../contributions/contributions.decider';
import type { PayrollContributionCollected } from '../contributions/contributions.events';
import { MATERNITY, PERSONAL, POOLED, shenyangRates } from '../contributions/test/contribution-fixtures';
import { fine, history, on, setQuota, BEFORE_YEAR } from '../hospital-budget/test/hospital-budget.fixtures';
import { fundBalancesProjection, type FundBalancesState } from './fund-balances.projection';
import { allFundsView, fundWarningLevel, fundYearView, monthsCovered, spendingWarningLevel } from './fund-balances.views';
import { foldEvents, moneyEvent, recorder, throughSnapshot, we4aYear } from '../../../../test/support/read-models/read-model.test-support';

const d = (value: string) => new Decimal(value);
const registered = (fundId: string, kind: string, name = fundId): DomainEvent => ({
  type: 'FundRegistered',
  data: { fundId, name, kind, poolingRegion: 'QZ' },
});
const collected = (fundId: string, date: string, amount: string, source: 'employer' | 'individual' | 'government_subsidy' | 'interest' = 'employer') =>
  moneyEvent('ContributionCollected', date, [debit(fundId, accounts.cash(fundId), d(amount)), credit(fundId, accounts.income(fundId, source), d(amount))]);
const paid = (fundId: string, date: string, amount: string) =>
  moneyEvent('MonthlySettlementPosted', date, [debit(fundId, accounts.expense(fundId, 'settlements'), d(amount)), credit(fundId, accounts.cash(fundId), d(amount))]);
const monthDate = (year: number, month: number, day = 15) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

function fold(events: readonly DomainEvent[]): FundBalancesState {
  return foldEvents(fundBalancesProjection, recorder().record(events));
}

/** Nine months (Jan–Sep) whose totals are the 泉州 2022 figures; the last month takes the remainder. */
function nineMonths(fundId: string, incomeTotal: string, expenditureTotal: string): DomainEvent[] {
  const events: DomainEvent[] = [];
  const monthly = (total: string) => {
    const share = d(total).div(9).floor();
    return [...Array<Decimal>(8).fill(share), d(total).minus(share.times(8))].map((v) => v.toFixed(2));
  };
  const income = monthly(incomeTotal);
  const expenditure = monthly(expenditureTotal);
  for (let m = 1; m <= 9; m++) {
    events.push(collected(fundId, monthDate(2022, m, 5), income[m - 1]!), paid(fundId, monthDate(2022, m, 20), expenditure[m - 1]!));
  }
  return events;
}

describe('fund-balances projection', () => {
  it('WE-13 (泉州 Jan–Sep 2022): current surplus = income − expenditure per fund, pooled funds apart', () => {
    const state = fold([
      registered('QZ-EMP', 'employee_pooled'),
      registered('QZ-RES', 'resident_pooled'),
      ...nineMonths('QZ-EMP', '3736000000.00', '2804000000.00'),
      ...nineMonths('QZ-RES', '5504000000.00', '4123000000.00'),
    ]);
    const employee = fundYearView(state.funds.get('QZ-EMP')!, 2022);
    expect(employee.months.map((m) => m.month)).toEqual(['2022-01', '2022-02', '2022-03', '2022-04', '2022-05', '2022-06', '2022-07', '2022-08', '2022-09']);
    expect(employee.totals).toMatchObject({
      incomeYuan: '3736000000.00',
      expenditureYuan: '2804000000.00',
      currentSurplusYuan: '932000000.00',
      expenditureToIncomePercent: '75.05',
      spendingWarning: 'normal',
      openingBalanceYuan: '0.00',
      closingBalanceYuan: '932000000.00',
    });
    // 932,000,000 ÷ (2,804,000,000 / 9) = 2.99 months: red.
    expect(employee.totals).toMatchObject({ monthsCovered: '2.99', warning: 'red' });
    const resident = fundYearView(state.funds.get('QZ-RES')!, 2022);
    expect(resident.totals).toMatchObject({ incomeYuan: '5504000000.00', expenditureYuan: '4123000000.00', currentSurplusYuan: '1381000000.00', expenditureToIncomePercent: '74.91' });
    // The months add up to the year.
    const sum = employee.months.reduce((acc, m) => acc.plus(m.currentSurplusYuan), d('0'));
    expect(sum.toFixed(2)).toBe('932000000.00');
    expect(employee.months[8]!.cumulativeBalanceYuan).toBe('932000000.00');
    const groups = allFundsView(state, 2022);
    expect(groups.pooled.map((f) => f.fundId)).toEqual(['QZ-EMP', 'QZ-RES']);
    expect(groups.personal).toEqual([]);
  });

  it.each([
    ['2.99', 'red'],
    ['3', 'amber'],
    ['5.99', 'amber'],
    ['6', 'normal'],
    ['15', 'normal'],
    ['15.01', 'excessive'],
    ['-1', 'red'],
  ])('months of payments %s → %s (§7 thresholds: red < 3, amber 3–6, normal 6–15, excessive > 15)', (months, level) => {
    expect(fundWarningLevel(d(months))).toBe(level);
  });

  it('has no months figure or warning without expenditure; flags spending above 95% and 100% of income', () => {
    expect(monthsCovered(d('100'), [])).toBeNull();
    expect(fundWarningLevel(null)).toBeNull();
    expect(spendingWarningLevel(d('95'), d('100'))).toBe('normal');
    expect(spendingWarningLevel(d('95.01'), d('100'))).toBe('amber');
    expect(spendingWarningLevel(d('100.01'), d('100'))).toBe('red');
    expect(spendingWarningLevel(d('1'), d('0'))).toBeNull();
    const state = fold([collected('F-IDLE', '2024-03-01', '1000.00')]);
    expect(fundYearView(state.funds.get('F-IDLE')!, 2024).totals).toMatchObject({ monthsCovered: null, warning: null, closingBalanceYuan: '1000.00' });
  });

  it('averages the expenditure of the last 12 months with data, across years, at each month end', () => {
    const events: DomainEvent[] = [paid('F1', '2023-11-20', '10000.00'), collected('F1', '2023-12-01', '20000.00')];
    for (let m = 1; m <= 12; m++) events.push(paid('F1', monthDate(2024, m), '100.00'));
    events.push(collected('F1', '2024-12-31', '100.00')); // balance at the end: 20,000 − 10,000 − 1,200 + 100 = 8,900
    const view = fundYearView(fold(events).funds.get('F1')!, 2024);
    expect(view.totals).toMatchObject({ openingBalanceYuan: '10000.00', closingBalanceYuan: '8900.00' });
    // December: only 2024's twelve months of 100 count (the 10,000 of Nov 2023 has dropped out): 89 months.
    expect(view.months[11]).toMatchObject({ month: '2024-12', cumulativeBalanceYuan: '8900.00', monthsCovered: '89.00', warning: 'excessive' });
    // January: Nov 2023 (10,000) and Jan 2024 (100) are the months with data: 9,900 ÷ 5,050.
    expect(view.months[0]).toMatchObject({ cumulativeBalanceYuan: '9900.00', monthsCovered: '1.96', warning: 'red' });
  });

  it('keeps the months of a year without postings at zero flow and the balance carried', () => {
    const view = fundYearView(fold([collected('F2', '2024-01-10', '600.00'), paid('F2', '2024-01-20', '100.00'), paid('F2', '2024-04-20', '100.00')]).funds.get('F2')!, 2024);
    expect(view.months.map((m) => [m.month, m.incomeYuan, m.expenditureYuan, m.cumulativeBalanceYuan, m.monthsCovered, m.warning])).toEqual([
      ['2024-01', '600.00', '100.00', '500.00', '5.00', 'amber'],
      ['2024-02', '0.00', '0.00', '500.00', '5.00', 'amber'],
      ['2024-03', '0.00', '0.00', '500.00', '5.00', 'amber'],
      ['2024-04', '0.00', '100.00', '400.00', '4.00', 'amber'],
    ]);
    expect(fundYearView(fold([collected('F2', '2024-01-10', '600.00')]).funds.get('F2')!, 2030).months).toEqual([]);
  });

  it('books a payroll contribution (WE-7) to the pooled fund, the personal accounts and maternity as separate rows', () => {
    const [event] = collectionsDecider.decide(
      {
        type: 'CollectPayrollContribution',
        data: { collectionId: 'C1', employerId: 'E42', period: '2025-03', declaredBaseYuan: '3000.00', headcount: 1, rates: shenyangRates },
      },
      foldDecider(collectionsDecider, []),
      on('2025-03-31'),
    ) as [PayrollContributionCollected];
    const state = fold([
      registered(POOLED, 'employee_pooled'),
      registered(PERSONAL, 'employee_personal'),
      registered(MATERNITY, 'maternity'),
      { type: event.type, data: { ...event.data, effectiveDate: '2025-03-31' } },
    ]);
    const groups = allFundsView(state, 2025);
    expect(groups.pooled.map((f) => [f.fundId, f.totals.incomeYuan])).toEqual([[POOLED, event.data.pooledYuan]]);
    expect(groups.personal.map((f) => [f.fundId, f.totals.incomeYuan])).toEqual([[PERSONAL, event.data.personalYuan]]);
    expect(groups.other.map((f) => [f.fundId, f.totals.incomeYuan])).toEqual([[MATERNITY, event.data.maternityYuan]]);
    const total = [POOLED, PERSONAL, MATERNITY].reduce((acc, id) => acc.plus(fundYearView(state.funds.get(id)!, 2025).totals.closingBalanceYuan), d('0'));
    expect(total.toFixed(2)).toBe(event.data.totalYuan);
  });

  it('WE-17: fines go to the treasury row and to a memo on the fund, never to its income', () => {
    const events = history([
      [setQuota('36000000.00'), BEFORE_YEAR],
      [fine('F1', '201200.00', '2'), on('2024-05-10')],
    ]);
    const state = fold([registered('EMP', 'employee_pooled'), ...events]);
    const fund = fundYearView(state.funds.get('EMP')!, 2024);
    expect(fund.totals).toMatchObject({ incomeYuan: '0.00', finesToTreasuryYuan: '402400.00' });
    const groups = allFundsView(state, 2024);
    expect(groups.treasury.map((t) => [t.fundId, t.group, t.totals.finesToTreasuryYuan, t.totals.incomeYuan])).toEqual([[TREASURY_FUND, 'treasury', '402400.00', '0.00']]);
  });

  it('WE-4a in the fund: cash out equals the expenditure net of the overrun share and the forfeited deposit', () => {
    const state = fold(we4aYear());
    const row = state.funds.get('EMP')!;
    const y2024 = fundYearView(row, 2024);
    const y2025 = fundYearView(row, 2025);
    // Jan–Nov settled in 2024 (the December claim is settled on 2025-01-10, with the year end).
    expect(y2024.totals).toMatchObject({ closingBalanceYuan: '-32400000.00', openReceivablesYuan: '0.00' });
    expect(y2025.totals.expenditureByCategory).toMatchObject({ hospital_overrun_share: '-600000.00', deposit_forfeited: '-288000.00' });
    const expenditure = d(y2024.totals.expenditureYuan).plus(y2025.totals.expenditureYuan);
    expect(expenditure.toFixed(2)).toBe('37112000.00');
    expect(y2025.totals.closingBalanceYuan).toBe('-37112000.00');
  });

  it('round-trips through its snapshot JSON and keeps folding identically; a fold up to a position equals the live prefix', () => {
    const r = recorder();
    const events = r.record([registered('QZ-EMP', 'employee_pooled'), ...nineMonths('QZ-EMP', '3736000000.00', '2804000000.00'), ...we4aYear()]);
    const live = foldEvents(fundBalancesProjection, events);
    const restored = throughSnapshot(fundBalancesProjection, live);
    expect(fundBalancesProjection.toJson(restored)).toEqual(fundBalancesProjection.toJson(live));
    expect(fundYearView(restored.funds.get('EMP')!, 2024)).toEqual(fundYearView(live.funds.get('EMP')!, 2024));
    const more = r.record([collected('QZ-EMP', '2022-10-05', '1.00')]);
    expect(fundBalancesProjection.toJson(more.reduce(fundBalancesProjection.apply, restored))).toEqual(
      fundBalancesProjection.toJson(more.reduce(fundBalancesProjection.apply, live)),
    );
    const upTo = events[10]!.position;
    const asOf = foldEvents(fundBalancesProjection, events.filter((e) => e.position <= upTo));
    expect(fundYearView(asOf.funds.get('QZ-EMP')!, 2022).months).toHaveLength(5);
    expect(asOf.lastRecordedAt).toBe(events[10]!.metadata['recordedAt']);
  });
});
