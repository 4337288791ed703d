import { DueProcessErrorCodes } from '../hospital-budget.due-process.errors';
import type { HospitalBudgetEvent } from '../hospital-budget.events';
import { cancelPenalty, givenFor } from '../file-objection/test/due-process.fixtures';
import { given as givenBudget } from '../test/given';
import { AFTER_YEAR, BEFORE_YEAR, damages, fine, history, MID_YEAR, on, score, setQuota, settle, settleYearEnd } from '../test/hospital-budget.fixtures';
import { foldEvent, initialFold, renderBudgetView } from '../hospital-budget.view';
import { decideCancelPenaltyOnAppeal } from './cancel-penalty-on-appeal.decider';

const given = givenFor(decideCancelPenaltyOnAppeal);
const APPEAL = on('2024-07-01');
const assessed = history([
  [setQuota(), BEFORE_YEAR],
  [damages('LD-1', '8000.00', '3'), MID_YEAR],
  [fine('FN-1', '100000.00', '2'), MID_YEAR],
]);
const base = { fundId: 'EMP', payeeId: 'H001', year: 2024, effectiveDate: '2024-07-01' };

describe('CancelPenaltyOnAppeal: the assessment negated exactly, counted nowhere after', () => {
  it('cancels liquidated damages: receivable and income reversed line by line, the receivable gone', () => {
    const { events, state } = given(assessed).when(cancelPenalty('liquidated_damages', 'LD-1'), APPEAL).thenEvents();
    expect(events).toStrictEqual([
      {
        type: 'PenaltyCancelledOnAppeal',
        data: {
          ...base,
          penaltyKind: 'liquidated_damages',
          penaltyId: 'LD-1',
          amountYuan: '24000.00',
          ruleId: 'R-ENF-5',
          serviceYear: 2024,
          assessedOn: '2024-06-15',
          decisionRef: '复议决字〔2024〕9号',
          reason: '复议撤销',
          postings: [
            { fundId: 'EMP', account: 'EMP:hospital:H001:receivable', side: 'credit', amountYuan: '24000.00' },
            { fundId: 'EMP', account: 'EMP:income:liquidated_damages', side: 'debit', amountYuan: '24000.00' },
          ],
        },
      },
    ]);
    expect(state.liquidatedDamagesYuan.toFixed(2)).toBe('0.00');
    expect(state.receivables).toEqual([]);
  });

  it('cancels a fine: the treasury memorandum reversed, the fine no longer counted', () => {
    const { events, state } = given(assessed).when(cancelPenalty('fine', 'FN-1'), APPEAL).thenEvents();
    expect((events[0]!.data as { postings: unknown }).postings).toStrictEqual([
      { fundId: 'TREASURY', account: 'TREASURY:fines_receivable', side: 'credit', amountYuan: '200000.00' },
      { fundId: 'TREASURY', account: 'TREASURY:fines_payable', side: 'debit', amountYuan: '200000.00' },
    ]);
    expect(state.finesYuan.toFixed(2)).toBe('0.00');
  });

  it('cancels once (a second is 422), only what was assessed here (404)', () => {
    const cancelled = [...assessed, ...given(assessed).when(cancelPenalty('fine', 'FN-1'), APPEAL).events()];
    given(cancelled).when(cancelPenalty('fine', 'FN-1'), APPEAL).thenRejects({ code: DueProcessErrorCodes.PENALTY_ALREADY_CANCELLED, kind: 'business_rule', field: 'penaltyId' });
    given(assessed).when(cancelPenalty('fine', 'LD-1'), APPEAL).thenRejects({ code: DueProcessErrorCodes.PENALTY_NOT_FOUND, kind: 'not_found', field: 'penaltyId' });
  });

  it('refuses damages already partly recovered (offset by a settlement): a refund is a payment', () => {
    const offset = history([[settle(6, '100000.00'), on('2024-07-10')]], assessed);
    expect(offset.at(-1)).toMatchObject({ data: { receivableOffsets: [{ receivableId: 'LD-1', amountYuan: '24000.00' }] } });
    given(offset).when(cancelPenalty('liquidated_damages', 'LD-1'), on('2024-07-11')).thenRejects({ code: DueProcessErrorCodes.PENALTY_ALREADY_RECOVERED, kind: 'business_rule' });
  });

  it('the year end and the view no longer count a cancelled penalty', () => {
    const cancelled: HospitalBudgetEvent[] = [
      ...assessed,
      ...given(assessed).when(cancelPenalty('liquidated_damages', 'LD-1'), APPEAL).events(),
      ...given(assessed).when(cancelPenalty('fine', 'FN-1'), APPEAL).events(),
    ];
    const scored = history([[score('90'), on('2024-11-25')]], cancelled);
    const yearEnd = givenBudget(scored).when(settleYearEnd(), AFTER_YEAR).events()[0]!;
    expect(yearEnd.data).toMatchObject({ openReceivables: [] });
    const fold = cancelled.reduce(foldEvent, initialFold());
    const view = renderBudgetView(fold, { stream: 's', revision: 4n, position: 5n, asOfPosition: null });
    expect(view.penalties).toEqual({ liquidatedDamagesYuan: '0.00', liquidatedDamagesByRule: [], finesToTreasuryYuan: '0.00', finesByRule: [] });
    expect(view.receivables.openYuan).toBe('0.00');
    expect(view.dueProcess.cancelledPenalties.map((p) => [p.kind, p.penaltyId, p.amountYuan, p.cancelledOn])).toEqual([
      ['liquidated_damages', 'LD-1', '24000.00', '2024-07-01'],
      ['fine', 'FN-1', '200000.00', '2024-07-01'],
    ]);
  });
});
