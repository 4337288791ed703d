import { ErrorCodes } from '../../shared/domain-error';
import { given } from '../test/given';
import {
  ACTIVE_AGREEMENT,
  BEFORE_YEAR,
  closedYear,
  history,
  on,
  POLICY,
  policyWith,
  prepay,
  prepaymentDay,
  setQuota,
  settle,
  settlementDay,
} from '../test/hospital-budget.fixtures';

const quotaSet = history([[setQuota('36000000.00'), BEFORE_YEAR]]);

describe('DisbursePrepayment', () => {
  it('WE-4: pays 3,000,000 gross, withholds 10% (300,000), pays 2,700,000 net', () => {
    given(quotaSet)
      .when(prepay(1), prepaymentDay(1))
      .then([
        {
          type: 'PrepaymentDisbursed',
          data: {
            fundId: 'EMP',
            payeeId: 'H001',
            year: 2024,
            effectiveDate: '2024-01-01',
            month: 1,
            grossYuan: '3000000.00',
            withholdRate: '0.10',
            withheldYuan: '300000.00',
            netYuan: '2700000.00',
            policyVersion: 'policy-EMP-2024@3',
            quotaYuan: '36000000.00',
            prepaidGrossToDateYuan: '3000000.00',
            paidTowardYearYuan: '3000000.00',
            agreement: ACTIVE_AGREEMENT,
            postings: [
              { fundId: 'EMP', account: 'EMP:hospital:H001:prepaid', side: 'debit', amountYuan: '3000000.00' },
              { fundId: 'EMP', account: 'EMP:cash', side: 'credit', amountYuan: '2700000.00' },
              { fundId: 'EMP', account: 'EMP:hospital:H001:withheld_deposit', side: 'credit', amountYuan: '300000.00' },
            ],
          },
        },
      ]);
  });

  it('withholds half-up to the fen and nets the rest', () => {
    const [event] = given(quotaSet).when(prepay(1, '1000.05'), prepaymentDay(1)).thenEvents().events;
    expect(event!.data).toMatchObject({ withheldYuan: '100.01', netYuan: '900.04' }); // 100.005 -> 100.01
  });

  it('posts no withheld line when the policy withholds nothing', () => {
    const [event] = given(quotaSet)
      .when(prepay(1, '392500.00', policyWith({ depositWithholdRate: '0' })), prepaymentDay(1))
      .thenEvents().events;
    expect(event!.type === 'PrepaymentDisbursed' && event!.data.postings.map((p) => p.account)).toEqual([
      'EMP:hospital:H001:prepaid',
      'EMP:cash',
    ]);
  });

  it('accepts the twelfth prepayment that reaches the quota exactly', () => {
    const eleven = history(
      Array.from({ length: 11 }, (_, i) => [prepay(i + 1), prepaymentDay(i + 1)] as const),
      quotaSet,
    );
    const { state } = given(eleven).when(prepay(12), prepaymentDay(12)).thenEvents();
    expect(state.prepaidGrossYuan.toFixed(2)).toBe('36000000.00');
    expect(state.withheldYuan.toFixed(2)).toBe('3600000.00');
  });

  it('accepts a payment in the 2-month renewal grace after the agreement ended (R-ENF-20, WE-16)', () => {
    const expired = { status: 'active' as const, validFrom: '2023-01-01', validTo: '2023-12-31' };
    const [event] = given(quotaSet)
      .when(prepay(2, '3000000.00', POLICY, expired), on('2024-02-29'))
      .thenEvents().events;
    expect(event!.data).toMatchObject({ agreement: expired, month: 2 });
  });

  describe('refuses', () => {
    it('before the quota is set (QUOTA_NOT_SET)', () => {
      given([]).when(prepay(1), prepaymentDay(1)).thenThrows(ErrorCodes.QUOTA_NOT_SET, 'business_rule');
    });

    it('a prepayment that would pass the quota (QUOTA_EXCEEDED)', () => {
      const events = history([
        [setQuota('5000000.00'), BEFORE_YEAR],
        [prepay(1), prepaymentDay(1)],
      ]);
      given(events)
        .when(prepay(2, '2000000.01'), prepaymentDay(2))
        .thenThrows(ErrorCodes.QUOTA_EXCEEDED, 'business_rule');
    });

    it('a prepayment that would pass the quota counting settlement cash already paid (超总控)', () => {
      const events = history([
        [setQuota('6000000.00'), BEFORE_YEAR],
        [prepay(1), prepaymentDay(1)],
        [settle(1, '5000000.00'), settlementDay(1)], // 3,000,000 offset, 2,000,000 paid
      ]);
      given(events).when(prepay(2, '1000000.01'), prepaymentDay(2)).thenThrows(ErrorCodes.QUOTA_EXCEEDED);
      const [event] = given(events).when(prepay(2, '1000000.00'), prepaymentDay(2)).thenEvents().events;
      expect(event!.data).toMatchObject({ prepaidGrossToDateYuan: '4000000.00', paidTowardYearYuan: '6000000.00' });
    });

    it('a second prepayment for the same month (MONTH_ALREADY_PREPAID)', () => {
      const events = history([[prepay(3), prepaymentDay(3)]], quotaSet);
      given(events).when(prepay(3, '1.00'), prepaymentDay(4)).thenThrows(ErrorCodes.MONTH_ALREADY_PREPAID);
    });

    it.each([
      ['no agreement', null, '2024-03-01'],
      ['a suspended agreement', { ...ACTIVE_AGREEMENT, status: 'suspended' as const }, '2024-03-01'],
      ['a terminated agreement', { ...ACTIVE_AGREEMENT, status: 'terminated' as const }, '2024-03-01'],
      ['an agreement not yet started', { ...ACTIVE_AGREEMENT, validFrom: '2024-03-02' }, '2024-03-01'],
      [
        'an agreement 2 months and 1 day past its end',
        { status: 'active' as const, validFrom: '2023-01-01', validTo: '2023-12-31' },
        '2024-03-01',
      ],
    ])('%s (AGREEMENT_INACTIVE)', (_name, agreement, date) => {
      given(quotaSet)
        .when(prepay(3, '1.00', POLICY, agreement), on(date))
        .thenThrows(ErrorCodes.AGREEMENT_INACTIVE, 'business_rule');
    });

    it.each([
      ['month 0', { month: 0 }],
      ['month 13', { month: 13 }],
      ['a fractional month', { month: 1.5 }],
      ['a zero amount', { grossYuan: '0.00' }],
      ['a negative amount', { grossYuan: '-1.00' }],
      ['a withhold rate above 1', { policy: policyWith({ depositWithholdRate: '1.5' }) }],
      [
        'tiers without an open-ended last tier',
        { policy: policyWith({ overrunTiers: [{ upToQuotaRatio: '0.1', fundShare: '0.7' }] }) },
      ],
      [
        'tier bounds that do not increase',
        {
          policy: policyWith({
            surplusTiers: [
              { upToQuotaRatio: '0.2', retainedShare: '1' },
              { upToQuotaRatio: '0.1', retainedShare: '1' },
              { upToQuotaRatio: null, retainedShare: '0' },
            ],
          }),
        },
      ],
      ['a missing policy version', { policy: { ...POLICY, policyVersion: '' } }],
      ['a malformed agreement date', { agreement: { ...ACTIVE_AGREEMENT, validTo: '2024-13-01' } }],
    ])('%s (400 INVALID_FIELD)', (_name, patch) => {
      given(quotaSet)
        .when({ ...prepay(1), ...patch }, prepaymentDay(1))
        .thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
    });

    it.each(['2023-12-31', '2025-01-01'])('effective date %s outside the budget year', (date) => {
      given(quotaSet).when(prepay(1), on(date)).thenThrows(ErrorCodes.EFFECTIVE_DATE_OUTSIDE_YEAR);
    });

    it('a closed year (PERIOD_CLOSED)', () => {
      given(closedYear()).when(prepay(1), prepaymentDay(1)).thenThrows(ErrorCodes.PERIOD_CLOSED);
    });
  });
});
