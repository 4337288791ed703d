import { ErrorCodes } from '../../shared/domain-error';
import { given } from '../test/given';
import { BEFORE_YEAR, closedYear, damages, history, MID_YEAR, setQuota } from '../test/hospital-budget.fixtures';

const quotaSet = history([[setQuota('36000000.00'), BEFORE_YEAR]]);

describe('AssessLiquidatedDamages', () => {
  it('charges base × multiplier as fund income and a receivable, recording base, multiplier and rule', () => {
    given(quotaSet)
      .when(damages('LD-1', '100000.00', '2'), MID_YEAR)
      .then([
        {
          type: 'LiquidatedDamagesAssessed',
          data: {
            fundId: 'EMP',
            payeeId: 'H001',
            year: 2024,
            effectiveDate: '2024-06-15',
            receivableId: 'LD-1',
            serviceYear: 2024,
            late: false,
            baseYuan: '100000.00',
            multiplier: '2',
            amountYuan: '200000.00',
            ruleId: 'R-ENF-5',
            caseRef: 'insp-2024-017',
            reason: 'breach of the service agreement',
            postings: [
              { fundId: 'EMP', account: 'EMP:hospital:H001:receivable', side: 'debit', amountYuan: '200000.00' },
              { fundId: 'EMP', account: 'EMP:income:liquidated_damages', side: 'credit', amountYuan: '200000.00' },
            ],
          },
        },
      ]);
  });

  it('WE-9: the part of an amplified refusal beyond the claim (10× + base = 88,000) is assessed here', () => {
    const { events, state } = given(quotaSet)
      .when(damages('LD-2', '8000.00', '11'), MID_YEAR)
      .thenEvents();
    expect(events[0]!.data).toMatchObject({ amountYuan: '88000.00' });
    expect(state.receivables[0]).toMatchObject({ receivableId: 'LD-2', kind: 'liquidated_damages' });
    expect(state.liquidatedDamagesYuan.toFixed(2)).toBe('88000.00');
  });

  it('rounds base × multiplier half-up to the fen', () => {
    const { events } = given(quotaSet)
      .when(damages('LD-3', '0.05', '0.5'), MID_YEAR)
      .thenEvents();
    expect(events[0]!.data).toMatchObject({ amountYuan: '0.03' }); // 0.025 -> 0.03
  });

  describe('refuses', () => {
    it('a receivable id already used (409)', () => {
      const events = history([[damages('LD-1', '1.00', '1'), MID_YEAR]], quotaSet);
      given(events)
        .when(damages('LD-1', '1.00', '1'), MID_YEAR)
        .thenThrows(ErrorCodes.ALREADY_EXISTS, 'conflict');
    });

    it.each([
      ['a multiplier above 11', { multiplier: '11.01' }],
      ['damages that round to zero', { baseYuan: '0.01', multiplier: '0.4' }],
      ['a zero multiplier', { multiplier: '0' }],
      ['a zero base', { baseYuan: '0.00' }],
      ['a missing rule id', { ruleId: '' }],
      ['a missing case reference', { caseRef: '' }],
    ])('%s (400 INVALID_FIELD)', (_name, patch) => {
      given(quotaSet)
        .when({ ...damages('LD-9', '100.00', '2'), ...patch }, MID_YEAR)
        .thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
    });

    it('before the quota is set (QUOTA_NOT_SET)', () => {
      given([])
        .when(damages('LD-1', '1.00', '1'), MID_YEAR)
        .thenThrows(ErrorCodes.QUOTA_NOT_SET);
    });

    it('a closed year (PERIOD_CLOSED)', () => {
      given(closedYear())
        .when(damages('LD-1', '1.00', '1'), MID_YEAR)
        .thenThrows(ErrorCodes.PERIOD_CLOSED);
    });
  });
});
