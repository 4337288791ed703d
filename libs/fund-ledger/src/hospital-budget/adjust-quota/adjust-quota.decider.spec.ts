import { ErrorCodes } from '../../shared/domain-error';
import { given } from '../test/given';
import { currentQuota } from '../hospital-budget.state';
import {
  adjustQuota,
  BEFORE_YEAR,
  carryIn,
  closedYear,
  history,
  MID_YEAR,
  on,
  prepay,
  prepaymentDay,
  setQuota,
  settle,
  settlementDay,
} from '../test/hospital-budget.fixtures';

const base = { fundId: 'EMP', payeeId: 'H001', year: 2024, effectiveDate: '2024-06-15' };
const quotaSet = history([[setQuota('36000000.00'), BEFORE_YEAR]]);

describe('AdjustQuota', () => {
  it('WE-16 violation downgrade: 36,000,000 with 5% -> 34,200,000', () => {
    given(quotaSet)
      .when(
        adjustQuota({
          reason: 'violation_downgrade',
          direction: 'decrease',
          downgradePercent: '5',
          note: 'R-BUD-11 after phantom beds',
        }),
        MID_YEAR,
      )
      .then([
        {
          type: 'QuotaAdjusted',
          data: {
            ...base,
            reason: 'violation_downgrade',
            direction: 'decrease',
            previousQuotaYuan: '36000000.00',
            deltaYuan: '-1800000.00',
            newQuotaYuan: '34200000.00',
            inputs: { amountYuan: null, downgradePercent: '5', fromYear: null },
            paidTowardYearYuan: '0.00',
            note: 'R-BUD-11 after phantom beds',
          },
        },
      ]);
  });

  it('downgrades by 10% at the top of the range, half-up to the fen', () => {
    const events = history([[setQuota('1234567.89'), BEFORE_YEAR]]);
    const [event] = given(events)
      .when(
        adjustQuota({
          reason: 'violation_downgrade',
          direction: 'decrease',
          downgradePercent: '7.5',
          note: 'grade II',
        }),
        MID_YEAR,
      )
      .thenEvents().events;
    // 1,234,567.89 × 7.5% = 92,592.59175 -> 92,592.59
    expect(event!.data).toMatchObject({ deltaYuan: '-92592.59', newQuotaYuan: '1141975.30' });
  });

  it('R-BUD-9 normal overrun: raises the quota on application', () => {
    const { events, state } = given(quotaSet)
      .when(
        adjustQuota({
          reason: 'normal_overrun_increase',
          direction: 'increase',
          amountYuan: '2000000.00',
          note: 'new technology',
        }),
        on('2025-01-05'),
      )
      .thenEvents();
    expect(events[0]!.data).toMatchObject({
      deltaYuan: '2000000.00',
      newQuotaYuan: '38000000.00',
      inputs: { amountYuan: '2000000.00', downgradePercent: null, fromYear: null },
    });
    expect(state.adjustmentsYuan.toFixed(2)).toBe('2000000.00');
  });

  it('supersedes and corrects in either direction', () => {
    const events = history(
      [
        [
          adjustQuota({
            reason: 'allocation_supersede',
            direction: 'increase',
            amountYuan: '500000.00',
            note: 'run 2 replaces run 1',
          }),
          MID_YEAR,
        ],
      ],
      quotaSet,
    );
    const { state } = given(events)
      .when(
        adjustQuota({ reason: 'correction', direction: 'decrease', amountYuan: '100000.00', note: 'typo in run 2' }),
        MID_YEAR,
      )
      .thenEvents();
    expect(currentQuota(state)!.toFixed(2)).toBe('36400000.00');
  });

  it('shows a manual carry-in with the carried-in credits, not with the adjustments', () => {
    const { state } = given(quotaSet)
      .when(
        adjustQuota({
          reason: 'carry_in',
          direction: 'increase',
          amountYuan: '410000.00',
          fromYear: 2023,
          note: '2023 roll-over (WE-1)',
        }),
        MID_YEAR,
      )
      .thenEvents();
    expect(state.carriedInYuan.toFixed(2)).toBe('410000.00');
    expect(state.adjustmentsYuan.toFixed(2)).toBe('0.00');
    expect(currentQuota(state)!.toFixed(2)).toBe('36410000.00');
  });

  it('may lower the quota exactly to the cash already paid toward the year', () => {
    const events = history(
      [
        [prepay(1), prepaymentDay(1)],
        [prepay(2), prepaymentDay(2)],
      ],
      quotaSet,
    );
    const [event] = given(events)
      .when(
        adjustQuota({ reason: 'correction', direction: 'decrease', amountYuan: '30000000.00', note: 'x' }),
        MID_YEAR,
      )
      .thenEvents().events;
    expect(event!.data).toMatchObject({ newQuotaYuan: '6000000.00', paidTowardYearYuan: '6000000.00' });
  });

  describe('refuses', () => {
    it('a quota below the cash paid toward the year (prepaid + settled) with INVALID_QUOTA_ADJUSTMENT', () => {
      const events = history(
        [
          [prepay(1), prepaymentDay(1)],
          [settle(1, '4000000.00'), settlementDay(1)], // 3,000,000 offset + 1,000,000 paid
        ],
        quotaSet,
      );
      given(events)
        .when(
          adjustQuota({ reason: 'correction', direction: 'decrease', amountYuan: '32000000.01', note: 'x' }),
          MID_YEAR,
        )
        .thenThrows(ErrorCodes.INVALID_QUOTA_ADJUSTMENT, 'business_rule');
    });

    it('a decrease to zero', () => {
      given(quotaSet)
        .when(
          adjustQuota({ reason: 'correction', direction: 'decrease', amountYuan: '36000000.00', note: 'x' }),
          MID_YEAR,
        )
        .thenThrows(ErrorCodes.INVALID_QUOTA_ADJUSTMENT);
    });

    it.each([
      ['normal_overrun_increase', 'decrease'],
      ['carry_in', 'decrease'],
      ['violation_downgrade', 'increase'],
    ] as const)('a %s that would %s the quota', (reason, direction) => {
      given(quotaSet)
        .when(
          adjustQuota({ reason, direction, amountYuan: '1.00', downgradePercent: '5', fromYear: 2023, note: 'x' }),
          MID_YEAR,
        )
        .thenThrows(ErrorCodes.INVALID_QUOTA_ADJUSTMENT);
    });

    it('a carry-in from this or a later year', () => {
      given(quotaSet)
        .when(
          adjustQuota({ reason: 'carry_in', direction: 'increase', amountYuan: '1.00', fromYear: 2024, note: 'x' }),
          MID_YEAR,
        )
        .thenThrows(ErrorCodes.INVALID_QUOTA_ADJUSTMENT);
    });

    it('a second carry-in from the same year, by hand or after CarryInBalance', () => {
      const manual = history(
        [
          [
            adjustQuota({ reason: 'carry_in', direction: 'increase', amountYuan: '1.00', fromYear: 2023, note: 'x' }),
            MID_YEAR,
          ],
        ],
        quotaSet,
      );
      const automatic = history([[carryIn({ carryForwardCreditYuan: '5.00' }), BEFORE_YEAR]], quotaSet);
      const again = adjustQuota({
        reason: 'carry_in',
        direction: 'increase',
        amountYuan: '1.00',
        fromYear: 2023,
        note: 'x',
      });
      given(manual).when(again, MID_YEAR).thenThrows(ErrorCodes.INVALID_QUOTA_ADJUSTMENT);
      given(automatic).when(again, MID_YEAR).thenThrows(ErrorCodes.INVALID_QUOTA_ADJUSTMENT);
    });

    it.each([
      ['a downgrade below 5%', { reason: 'violation_downgrade', direction: 'decrease', downgradePercent: '4.99' }],
      ['a downgrade above 10%', { reason: 'violation_downgrade', direction: 'decrease', downgradePercent: '10.01' }],
      ['a downgrade without percent', { reason: 'violation_downgrade', direction: 'decrease' }],
      [
        'a downgrade with an amount',
        { reason: 'violation_downgrade', direction: 'decrease', downgradePercent: '5', amountYuan: '1.00' },
      ],
      ['an increase without amount', { reason: 'normal_overrun_increase', direction: 'increase' }],
      [
        'a percent on a correction',
        { reason: 'correction', direction: 'increase', amountYuan: '1.00', downgradePercent: '5' },
      ],
      ['a year on a correction', { reason: 'correction', direction: 'increase', amountYuan: '1.00', fromYear: 2023 }],
      ['a carry-in without year', { reason: 'carry_in', direction: 'increase', amountYuan: '1.00' }],
      ['an unknown reason', { reason: 'mood', direction: 'increase', amountYuan: '1.00' }],
      ['an unknown direction', { reason: 'correction', direction: 'sideways', amountYuan: '1.00' }],
      ['an empty note', { reason: 'correction', direction: 'increase', amountYuan: '1.00', note: ' ' }],
    ])('%s (400 INVALID_FIELD)', (_name, fields) => {
      given(quotaSet)
        .when(adjustQuota({ note: 'x', ...(fields as object) } as Parameters<typeof adjustQuota>[0]), MID_YEAR)
        .thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
    });

    it('an adjustment before the quota is set (QUOTA_NOT_SET)', () => {
      given([])
        .when(adjustQuota({ reason: 'correction', direction: 'increase', amountYuan: '1.00', note: 'x' }), MID_YEAR)
        .thenThrows(ErrorCodes.QUOTA_NOT_SET, 'business_rule');
    });

    it('a closed year (PERIOD_CLOSED)', () => {
      given(closedYear())
        .when(
          adjustQuota({ reason: 'correction', direction: 'increase', amountYuan: '1.00', note: 'x' }),
          on('2025-02-01'),
        )
        .thenThrows(ErrorCodes.PERIOD_CLOSED);
    });
  });
});
