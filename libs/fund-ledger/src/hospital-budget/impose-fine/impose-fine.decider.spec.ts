import { ErrorCodes } from '../../shared/domain-error';
import { given } from '../test/given';
import { BEFORE_YEAR, closedYear, fine, history, MID_YEAR, setQuota } from '../test/hospital-budget.fixtures';

const quotaSet = history([[setQuota('36000000.00'), BEFORE_YEAR]]);

describe('ImposeFine', () => {
  it('WE-8: a 2× fine on 100,000 goes to the treasury memorandum, never to fund income', () => {
    given(quotaSet)
      .when(fine('FN-1', '100000.00', '2'), MID_YEAR)
      .then([
        {
          type: 'FineImposed',
          data: {
            fundId: 'EMP',
            payeeId: 'H001',
            year: 2024,
            effectiveDate: '2024-06-15',
            fineId: 'FN-1',
            serviceYear: 2024,
            late: false,
            baseYuan: '100000.00',
            multiplier: '2',
            fineYuan: '200000.00',
            ruleId: 'R-ENF-1',
            caseRef: 'fraud-2024-003',
            decisionRef: '医保罚字〔2024〕3号',
            destination: 'treasury',
            postings: [
              { fundId: 'TREASURY', account: 'TREASURY:fines_receivable', side: 'debit', amountYuan: '200000.00' },
              { fundId: 'TREASURY', account: 'TREASURY:fines_payable', side: 'credit', amountYuan: '200000.00' },
            ],
          },
        },
      ]);
  });

  it('names the closed year a late fine concerns, and refuses a later year', () => {
    const late = given(quotaSet).when({ ...fine('FN-L', '1000.00', '2'), serviceYear: 2023 }, MID_YEAR).thenEvents();
    expect(late.events[0]!.data).toMatchObject({ year: 2024, serviceYear: 2023, late: true });
    given(quotaSet).when({ ...fine('FN-X', '1000.00', '2'), serviceYear: 2025 }, MID_YEAR).thenThrows('INVALID_FIELD');
  });

  it('WE-8: a 5× fine on 100,000 is 500,000, and it is not a fund receivable', () => {
    const { events, state } = given(quotaSet)
      .when(fine('FN-2', '100000.00', '5'), MID_YEAR)
      .thenEvents();
    expect(events[0]!.data).toMatchObject({ fineYuan: '500000.00' });
    expect(state.receivables).toEqual([]);
    expect(state.finesYuan.toFixed(2)).toBe('500000.00');
  });

  describe('refuses', () => {
    it('a fine id already used (409)', () => {
      const events = history([[fine('FN-1', '1.00', '2'), MID_YEAR]], quotaSet);
      given(events)
        .when(fine('FN-1', '1.00', '2'), MID_YEAR)
        .thenThrows(ErrorCodes.ALREADY_EXISTS, 'conflict');
    });

    it.each([
      ['a multiplier below 1', { multiplier: '0.99' }],
      ['a multiplier above 10', { multiplier: '10.5' }],
      ['a missing decision reference', { decisionRef: '' }],
      ['a zero base', { baseYuan: '0' }],
    ])('%s (400 INVALID_FIELD)', (_name, patch) => {
      given(quotaSet)
        .when({ ...fine('FN-9', '100.00', '2'), ...patch }, MID_YEAR)
        .thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
    });

    it('before the quota is set (QUOTA_NOT_SET)', () => {
      given([])
        .when(fine('FN-1', '1.00', '2'), MID_YEAR)
        .thenThrows(ErrorCodes.QUOTA_NOT_SET);
    });

    it('a closed year (PERIOD_CLOSED)', () => {
      given(closedYear())
        .when(fine('FN-1', '1.00', '2'), MID_YEAR)
        .thenThrows(ErrorCodes.PERIOD_CLOSED);
    });
  });
});
