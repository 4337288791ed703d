import type { HospitalBudgetEvent } from '../hospital-budget/hospital-budget.events';
import { overBudgetSharingProjection, overBudgetSharingView } from './over-budget-sharing.projection';
import { foldEvents, recorder, throughSnapshot, we1bYear, we4aYear } from '../../../../test/support/read-models/read-model.test-support';

const fold = (...groups: HospitalBudgetEvent[][]) => {
  const r = recorder();
  return foldEvents(overBudgetSharingProjection, groups.flatMap((g) => r.record(g)));
};

const page = { limit: 100, offset: 0 };

describe('over-budget-sharing projection', () => {
  it('WE-4a: the 2,000,000 overrun (5.56% of Q) is shared 1,400,000 by the fund and 600,000 by the hospital', () => {
    const view = overBudgetSharingView(fold(we4aYear()), page);
    expect(view.items).toHaveLength(1);
    expect(view.items[0]).toMatchObject({
      fundId: 'EMP',
      payeeId: 'H001',
      year: 2024,
      settledOn: '2025-01-20',
      quotaYuan: '36000000.00',
      actualYuan: '38000000.00',
      overrunYuan: '2000000.00',
      overrunPercentOfQuota: '5.56',
      fundShareYuan: '1400000.00',
      hospitalShareYuan: '600000.00',
      depositForfeitedYuan: '288000.00',
      hospitalAbsorbsYuan: '888000.00',
    });
    expect(view.items[0]!.tiers[0]).toMatchObject({ tier: 1, upToQuotaRatio: '0.1', fundShareRatio: '0.7', amountYuan: '2000000.00', fundShareYuan: '1400000.00', hospitalShareYuan: '600000.00' });
  });

  it('totals per fund-year over every settled hospital-year; lists only those with an overrun, largest first', () => {
    const state = fold(we4aYear('H001'), we4aYear('H002'), we1bYear().map((e) => ({ ...e, data: { ...e.data, payeeId: 'H003' } }) as HospitalBudgetEvent));
    const view = overBudgetSharingView(state, { fundId: 'EMP', year: 2024, ...page });
    expect(view.totals).toEqual([
      {
        fundId: 'EMP',
        year: 2024,
        hospitalsSettled: 3,
        hospitalsOverrun: 2,
        overrunYuan: '4000000.00',
        fundShareYuan: '2800000.00',
        hospitalShareYuan: '1200000.00',
      },
    ]);
    expect(view.total).toBe(2);
    expect(view.items.map((i) => i.payeeId)).toEqual(['H001', 'H002']);
    expect(overBudgetSharingView(state, { limit: 1, offset: 1 }).items.map((i) => i.payeeId)).toEqual(['H002']);
    expect(overBudgetSharingView(state, { year: 2023, ...page })).toMatchObject({ totals: [], total: 0, items: [] });
  });

  it('ignores everything but YearEndSettled and round-trips through its snapshot JSON', () => {
    const events = we4aYear();
    const state = fold(events);
    expect(state.rows.size).toBe(1);
    expect(fold(events.slice(0, -1)).rows.size).toBe(0);
    const restored = throughSnapshot(overBudgetSharingProjection, state);
    expect(overBudgetSharingProjection.toJson(restored)).toEqual(overBudgetSharingProjection.toJson(state));
    expect(overBudgetSharingView(restored, page)).toEqual(overBudgetSharingView(state, page));
  });
});
