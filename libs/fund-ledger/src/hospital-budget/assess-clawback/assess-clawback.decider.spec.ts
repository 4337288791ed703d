import { ErrorCodes } from '../../shared/domain-error';
import { HospitalBudgetErrorCodes } from '../hospital-budget.errors';
import { given } from '../test/given';
import {
  BEFORE_YEAR,
  clawback,
  closedYear,
  history,
  MID_YEAR,
  setQuota,
  settle,
  settlementDay,
} from '../test/hospital-budget.fixtures';

const base = { fundId: 'EMP', payeeId: 'H001', year: 2024, effectiveDate: '2024-06-15' };
const settled = history([
  [setQuota('36000000.00'), BEFORE_YEAR],
  [settle(1, '3000000.00'), settlementDay(1)],
]);

describe('AssessClawback', () => {
  it('WE-8: an in-year clawback of 100,000 opens a receivable and reduces the year’s actual', () => {
    const events = given(settled)
      .when(
        clawback('CB-1', '100000.00', { caseRef: 'fraud-2024-003', reason: 'fabricated services', ruleId: 'R-ENF-1' }),
        MID_YEAR,
      )
      .then([
        {
          type: 'ClawbackAssessed',
          data: {
            ...base,
            receivableId: 'CB-1',
            amountYuan: '100000.00',
            serviceYear: 2024,
            late: false,
            caseRef: 'fraud-2024-003',
            reason: 'fabricated services',
            ruleId: 'R-ENF-1',
            postings: [
              { fundId: 'EMP', account: 'EMP:hospital:H001:receivable', side: 'debit', amountYuan: '100000.00' },
              { fundId: 'EMP', account: 'EMP:expense:clawbacks', side: 'credit', amountYuan: '100000.00' },
            ],
          },
        },
      ]);
    const state = given([...settled, ...events]).state;
    expect(state.inYearClawbacksYuan.toFixed(2)).toBe('100000.00');
    expect(state.receivables).toHaveLength(1);
    expect(state.receivables[0]).toMatchObject({
      receivableId: 'CB-1',
      kind: 'clawback',
      serviceYear: 2024,
      openedOn: '2024-06-15',
    });
  });

  it('posts a late clawback for a closed earlier year to prior-year recoveries, outside this year’s actual', () => {
    const { events, state } = given(settled)
      .when(clawback('CB-2023-9', '7200.00', { serviceYear: 2023, serviceYearClosed: true }), MID_YEAR)
      .thenEvents();
    expect(events[0]!.data).toMatchObject({
      serviceYear: 2023,
      late: true,
      postings: [
        { fundId: 'EMP', account: 'EMP:hospital:H001:receivable', side: 'debit', amountYuan: '7200.00' },
        { fundId: 'EMP', account: 'EMP:income:prior_year_recoveries', side: 'credit', amountYuan: '7200.00' },
      ],
    });
    expect(state.inYearClawbacksYuan.toFixed(2)).toBe('0.00');
    expect(state.lateClawbacksYuan.toFixed(2)).toBe('7200.00');
  });

  it('lets a late clawback exceed this year’s approved amount (it does not concern this year)', () => {
    const quotaOnly = history([[setQuota('36000000.00'), BEFORE_YEAR]]);
    const { events } = given(quotaOnly)
      .when(clawback('CB-OLD', '50000.00', { serviceYear: 2022, serviceYearClosed: true }), MID_YEAR)
      .thenEvents();
    expect(events[0]!.data).toMatchObject({ late: true, amountYuan: '50000.00' });
  });

  describe('refuses', () => {
    it('a late clawback while its year is still open (WRONG_PERIOD_FOR_LATE_POSTING)', () => {
      given(settled)
        .when(clawback('CB-3', '10.00', { serviceYear: 2023, serviceYearClosed: false }), MID_YEAR)
        .thenThrows(ErrorCodes.WRONG_PERIOD_FOR_LATE_POSTING, 'business_rule');
    });

    it('in-year clawbacks beyond what was approved (CLAWBACK_EXCEEDS_APPROVED, local code)', () => {
      const events = history([[clawback('CB-1', '2999999.99'), MID_YEAR]], settled);
      given(events)
        .when(clawback('CB-2', '0.02'), MID_YEAR)
        .thenThrows(HospitalBudgetErrorCodes.CLAWBACK_EXCEEDS_APPROVED, 'business_rule');
    });

    it('a receivable id already used (409 ALREADY_EXISTS)', () => {
      const events = history([[clawback('CB-1', '10.00'), MID_YEAR]], settled);
      given(events).when(clawback('CB-1', '10.00'), MID_YEAR).thenThrows(ErrorCodes.ALREADY_EXISTS, 'conflict');
    });

    it.each([
      ['a later service year', { serviceYear: 2025 }],
      ['this year flagged as closed', { serviceYear: 2024, serviceYearClosed: true }],
      ['a missing closed flag', { serviceYearClosed: undefined as unknown as boolean }],
      ['a zero amount', { amountYuan: '0.00' }],
      ['an empty case reference', { caseRef: '' }],
      ['an empty reason', { reason: '' }],
      ['a receivable id with spaces', { receivableId: 'CB 1' }],
    ])('%s (400 INVALID_FIELD)', (_name, patch) => {
      given(settled)
        .when({ ...clawback('CB-9', '10.00'), ...patch }, MID_YEAR)
        .thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
    });

    it('before the quota is set (QUOTA_NOT_SET)', () => {
      given([]).when(clawback('CB-1', '10.00'), MID_YEAR).thenThrows(ErrorCodes.QUOTA_NOT_SET);
    });

    it('a closed year (PERIOD_CLOSED)', () => {
      given(closedYear()).when(clawback('CB-1', '10.00'), MID_YEAR).thenThrows(ErrorCodes.PERIOD_CLOSED);
    });
  });
});
