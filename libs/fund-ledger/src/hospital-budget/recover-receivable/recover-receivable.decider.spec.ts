import { ErrorCodes } from '../../shared/domain-error';
import { given } from '../test/given';
import {
  BEFORE_YEAR,
  clawback,
  closedYear,
  damages,
  history,
  MID_YEAR,
  on,
  recover,
  setQuota,
  settle,
  settlementDay,
} from '../test/hospital-budget.fixtures';

const owing = history([
  [setQuota('36000000.00'), BEFORE_YEAR],
  [settle(1, '3000000.00'), settlementDay(1)],
  [clawback('CB-2', '100000.00'), on('2024-04-01')],
  [damages('LD-1', '8000.00', '3'), on('2024-03-15')], // 24,000, opened earlier
  [clawback('CB-1', '5000.00'), on('2024-04-01')],
]);

describe('RecoverReceivable', () => {
  it('recovers a named receivable: Dr cash / Cr receivable', () => {
    given(owing)
      .when(recover('40000.00', 'CB-2'), MID_YEAR)
      .then([
        {
          type: 'ReceivableRecovered',
          data: {
            fundId: 'EMP',
            payeeId: 'H001',
            year: 2024,
            effectiveDate: '2024-06-15',
            method: 'repayment',
            amountYuan: '40000.00',
            requestedReceivableId: 'CB-2',
            allocations: [{ receivableId: 'CB-2', amountYuan: '40000.00', outstandingAfterYuan: '60000.00' }],
            postings: [
              { fundId: 'EMP', account: 'EMP:cash', side: 'debit', amountYuan: '40000.00' },
              { fundId: 'EMP', account: 'EMP:hospital:H001:receivable', side: 'credit', amountYuan: '40000.00' },
            ],
          },
        },
      ]);
  });

  it('allocates an unnamed repayment oldest first (openedOn, then id)', () => {
    const { events, state } = given(owing).when(recover('30000.00'), MID_YEAR).thenEvents();
    expect(events[0]!.type === 'ReceivableRecovered' && events[0]!.data.allocations).toEqual([
      { receivableId: 'LD-1', amountYuan: '24000.00', outstandingAfterYuan: '0.00' },
      { receivableId: 'CB-1', amountYuan: '5000.00', outstandingAfterYuan: '0.00' },
      { receivableId: 'CB-2', amountYuan: '1000.00', outstandingAfterYuan: '99000.00' },
    ]);
    expect(state.receivables.find((r) => r.receivableId === 'CB-2')!.outstandingYuan.toFixed(2)).toBe('99000.00');
  });

  it('recovers everything outstanding exactly', () => {
    const { state } = given(owing).when(recover('129000.00'), MID_YEAR).thenEvents();
    expect(state.receivables.every((r) => r.outstandingYuan.isZero())).toBe(true);
  });

  describe('refuses', () => {
    it('more than the named receivable’s outstanding (RECOVERY_EXCEEDS_OUTSTANDING)', () => {
      given(owing)
        .when(recover('5000.01', 'CB-1'), MID_YEAR)
        .thenThrows(ErrorCodes.RECOVERY_EXCEEDS_OUTSTANDING, 'business_rule');
    });

    it('more than everything outstanding (RECOVERY_EXCEEDS_OUTSTANDING)', () => {
      given(owing).when(recover('129000.01'), MID_YEAR).thenThrows(ErrorCodes.RECOVERY_EXCEEDS_OUTSTANDING);
    });

    it('an unknown receivable (404 RECEIVABLE_NOT_FOUND)', () => {
      given(owing).when(recover('1.00', 'CB-404'), MID_YEAR).thenThrows(ErrorCodes.RECEIVABLE_NOT_FOUND, 'not_found');
    });

    it.each([
      ['a zero amount', { amountYuan: '0.00' }],
      ['another method', { method: 'offset' as 'repayment' }],
    ])('%s (400)', (_name, patch) => {
      given(owing)
        .when({ ...recover('1.00'), ...patch }, MID_YEAR)
        .thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
    });

    it('before the quota is set (QUOTA_NOT_SET)', () => {
      given([]).when(recover('1.00'), MID_YEAR).thenThrows(ErrorCodes.QUOTA_NOT_SET);
    });

    it('a closed year (PERIOD_CLOSED)', () => {
      given(closedYear()).when(recover('1.00'), MID_YEAR).thenThrows(ErrorCodes.PERIOD_CLOSED);
    });
  });
});
