import type { HospitalBudgetEvent } from '../hospital-budget/hospital-budget.events';
import { KEY, POLICY, adjustQuota, history, on, score, setQuota, settleYearEnd } from '../hospital-budget/test/hospital-budget.fixtures';
import { carryForwardProjection, carryForwardView } from './carry-forward.projection';
import { foldEvents, recorder, throughSnapshot, we1bNextYear, we1bYear } from '../../../../test/support/read-models/read-model.test-support';

const KEY_2025 = { ...KEY, year: 2025 };

/** 2025 settled (default policy: cash retention, so it earns no credit of its own). */
function settle2025(before: readonly HospitalBudgetEvent[]): HospitalBudgetEvent[] {
  return history(
    [
      [{ ...score('85'), year: 2025 }, on('2025-11-25')],
      [{ ...settleYearEnd(POLICY), year: 2025 }, on('2026-01-20')],
    ],
    before,
  ).slice(before.length);
}

const fold = (...groups: HospitalBudgetEvent[][]) => {
  const r = recorder();
  return foldEvents(carryForwardProjection, groups.flatMap((g) => r.record(g)));
};

describe('carry-forward projection', () => {
  it('WE-1 case B: the 410,000 surplus earned in 2024 is applied to 2025 by BalanceCarriedIn', () => {
    const year2024 = we1bYear();
    const { year2025 } = we1bNextYear(year2024);
    const view = carryForwardView(fold(year2024, year2025), KEY.payeeId);
    expect(view.funds).toHaveLength(1);
    expect(view.funds[0]).toMatchObject({
      fundId: 'EMP',
      settledYears: [2024],
      totals: { earnedYuan: '410000.00', appliedYuan: '410000.00', expiredYuan: '0.00', pendingYuan: '0.00' },
    });
    expect(view.funds[0]!.credits).toEqual([
      {
        earnedInYear: 2024,
        forYear: 2025,
        earnedYuan: '410000.00',
        earnedOn: '2025-01-20',
        appliedYuan: '410000.00',
        applications: [{ intoYear: 2025, via: 'balance_carried_in', amountYuan: '410000.00', effectiveDate: '2025-01-25' }],
        expiredYuan: '0.00',
        expiredOn: null,
        pendingYuan: '0.00',
        status: 'applied',
      },
    ]);
  });

  it('shows an earned credit as pending until the next year is settled, then as expired (§7: one year at most)', () => {
    const year2024 = we1bYear();
    const year2025 = history([[setQuota('4710000.00', KEY_2025), on('2025-01-26')]]);
    const pending = carryForwardView(fold(year2024, year2025), KEY.payeeId).funds[0]!;
    expect(pending.credits[0]).toMatchObject({ status: 'pending', pendingYuan: '410000.00', expiredYuan: '0.00' });
    const settled = carryForwardView(fold(year2024, year2025, settle2025(year2025)), KEY.payeeId).funds[0]!;
    expect(settled.settledYears).toEqual([2024, 2025]);
    expect(settled.credits[0]).toMatchObject({ status: 'expired', expiredYuan: '410000.00', expiredOn: '2026-01-20', pendingYuan: '0.00' });
    expect(settled.totals).toEqual({ earnedYuan: '410000.00', appliedYuan: '0.00', expiredYuan: '410000.00', pendingYuan: '0.00' });
  });

  it('counts a carry_in quota adjustment as applied and lets the rest expire when the next year settles', () => {
    const year2024 = we1bYear();
    const year2025 = history([
      [setQuota('4710000.00', KEY_2025), on('2025-01-26')],
      [{ ...adjustQuota({ reason: 'carry_in', direction: 'increase', amountYuan: '100000.00', fromYear: 2024, note: 'part of the 2024 credit' }), year: 2025 }, on('2025-02-01')],
    ]);
    const partial = carryForwardView(fold(year2024, year2025), KEY.payeeId).funds[0]!.credits[0]!;
    expect(partial).toMatchObject({ status: 'partially_applied', appliedYuan: '100000.00', pendingYuan: '310000.00' });
    expect(partial.applications).toEqual([{ intoYear: 2025, via: 'quota_adjustment', amountYuan: '100000.00', effectiveDate: '2025-02-01' }]);
    const after = carryForwardView(fold(year2024, year2025, settle2025(year2025)), KEY.payeeId).funds[0]!;
    expect(after.credits[0]).toMatchObject({ status: 'expired', appliedYuan: '100000.00', expiredYuan: '310000.00' });
    expect(after.totals).toEqual({ earnedYuan: '410000.00', appliedYuan: '100000.00', expiredYuan: '310000.00', pendingYuan: '0.00' });
  });

  it('filters by fund and answers an unknown payee with no funds; ignores unrelated events', () => {
    const state = fold(we1bYear(), [{ type: 'ContributionCollected', data: { fundId: 'EMP' } } as never]);
    expect(carryForwardView(state, KEY.payeeId, 'OTHER').funds).toEqual([]);
    expect(carryForwardView(state, 'NOBODY').funds).toEqual([]);
    expect(carryForwardView(state, KEY.payeeId, 'EMP').funds).toHaveLength(1);
  });

  it('round-trips through its snapshot JSON', () => {
    const year2024 = we1bYear();
    const { year2025 } = we1bNextYear(year2024);
    const state = fold(year2024, year2025, settle2025(year2025));
    const restored = throughSnapshot(carryForwardProjection, state);
    expect(carryForwardProjection.toJson(restored)).toEqual(carryForwardProjection.toJson(state));
    expect(carryForwardView(restored, KEY.payeeId)).toEqual(carryForwardView(state, KEY.payeeId));
  });

  it('as of the position before the carry-in equals a fold of the events up to there', () => {
    const year2024 = we1bYear();
    const { year2025 } = we1bNextYear(year2024);
    const r = recorder();
    const all = [...r.record(year2024), ...r.record(year2025)];
    const beforeCarryIn = all.filter((e) => e.position <= BigInt(year2024.length));
    const asOf = foldEvents(carryForwardProjection, beforeCarryIn);
    expect(carryForwardView(asOf, KEY.payeeId).funds[0]!.credits[0]).toMatchObject({ status: 'pending', appliedYuan: '0.00' });
    expect(carryForwardView(foldEvents(carryForwardProjection, all), KEY.payeeId).funds[0]!.credits[0]!.status).toBe('applied');
  });
});
