import { ErrorCodes } from '../../shared/domain-error';
import type { CarriedReceivable, HospitalBudgetEvent } from '../hospital-budget.events';
import { given } from '../test/given';
import { currentQuota } from '../hospital-budget.state';
import {
  adjustQuota,
  AFTER_YEAR,
  BEFORE_YEAR,
  carryIn,
  closedYear,
  history,
  KEY,
  MID_YEAR,
  monthlyShares,
  on,
  prepay,
  prepaymentDay,
  recover,
  score,
  setQuota,
  settle,
  settlementDay,
  settleYearEnd,
  WE1_POLICY,
} from '../test/hospital-budget.fixtures';

const carried: CarriedReceivable[] = [
  {
    receivableId: 'year-end-EMP-H001-2023',
    kind: 'year_end_settlement',
    serviceYear: 2023,
    outstandingYuan: '120000.00',
    openedOn: '2024-01-20',
  },
  {
    receivableId: 'CB-2022-7',
    kind: 'clawback',
    serviceYear: 2022,
    outstandingYuan: '7200.00',
    openedOn: '2023-03-02',
  },
];

describe('CarryInBalance', () => {
  it('brings last year’s credit and open receivables into this year, without postings, before the quota exists', () => {
    given([])
      .when(carryIn({ carryForwardCreditYuan: '410000.00', receivables: carried }), on('2024-01-21'))
      .then([
        {
          type: 'BalanceCarriedIn',
          data: {
            fundId: 'EMP',
            payeeId: 'H001',
            year: 2024,
            effectiveDate: '2024-01-21',
            fromYear: 2023,
            carryForwardCreditYuan: '410000.00',
            receivables: carried,
            carriedInTotalYuan: '410000.00',
          },
        },
      ]);
  });

  it('is idempotent: a second carry-in from the same year decides nothing', () => {
    const events = history([
      [carryIn({ carryForwardCreditYuan: '410000.00', receivables: carried }), on('2024-01-21')],
    ]);
    given(events)
      .when(carryIn({ carryForwardCreditYuan: '410000.00', receivables: carried }), on('2024-01-22'))
      .then([]);
  });

  it('adds the credit to the quota as carried-in, and the receivables can be offset and recovered here', () => {
    const events = history([
      [carryIn({ carryForwardCreditYuan: '410000.00', receivables: carried }), on('2024-01-21')],
      [setQuota('4710000.00'), on('2024-01-22')],
    ]);
    const { state } = given(events).when(recover('7200.00', 'CB-2022-7'), MID_YEAR).thenEvents();
    expect(currentQuota(state)!.toFixed(2)).toBe('5120000.00');
    expect(state.carriedInYuan.toFixed(2)).toBe('410000.00');
    expect(state.initialQuotaYuan!.toFixed(2)).toBe('4710000.00');
    expect(state.receivables.map((r) => [r.receivableId, r.outstandingYuan.toFixed(2)])).toEqual([
      ['year-end-EMP-H001-2023', '120000.00'],
      ['CB-2022-7', '0.00'],
    ]);
  });

  it('WE-1 case B end to end: the 2024 year-end hands its credit and receivable to 2025, whose quota becomes 4,710,000 + 410,000', () => {
    const year2024 = history([
      [setQuota('4710000.00'), BEFORE_YEAR],
      ...Array.from({ length: 12 }, (_, i) => [prepay(i + 1, '392500.00', WE1_POLICY), prepaymentDay(i + 1)] as const),
      ...monthlyShares('4300000.00').map(
        (share, i) => [settle(i + 1, share, { policy: WE1_POLICY }), settlementDay(i + 1)] as const,
      ),
      [score('80'), on('2024-11-25')],
      [settleYearEnd(WE1_POLICY), AFTER_YEAR],
    ]);
    const settled = year2024.at(-1) as Extract<HospitalBudgetEvent, { type: 'YearEndSettled' }>;
    const key2025 = { ...KEY, year: 2025 };
    const year2025 = history([
      [
        carryIn({
          ...key2025,
          fromYear: 2024,
          carryForwardCreditYuan: settled.data.breakdown.carryForwardCreditYuan,
          receivables: settled.data.openReceivables,
        }),
        on('2025-01-21'),
      ],
      [setQuota('4710000.00', key2025), on('2025-01-22')],
    ]);
    const state = given(year2025).state;
    expect(currentQuota(state)!.toFixed(2)).toBe('5120000.00');
    expect(state.receivables.map((r) => [r.receivableId, r.kind, r.serviceYear, r.outstandingYuan.toFixed(2)])).toEqual(
      [['year-end-EMP-H001-2024', 'year_end_settlement', 2024, '410000.00']],
    );
    // The first 2025 settlement offsets the owed-back prepayment (扣除当月).
    const { events } = given(year2025)
      .when(
        {
          ...settle(1, '500000.00', {
            agreement: { status: 'active', validFrom: '2025-01-01', validTo: '2025-12-31' },
            policy: WE1_POLICY,
          }),
          ...key2025,
        },
        on('2025-02-10'),
      )
      .thenEvents();
    expect(events[0]!.data).toMatchObject({
      receivableOffsets: [{ receivableId: 'year-end-EMP-H001-2024', amountYuan: '410000.00' }],
      netPaymentYuan: '90000.00',
    });
  });

  describe('refuses', () => {
    it('a carry-in from another year than year − 1 (400)', () => {
      given([])
        .when(carryIn({ fromYear: 2022 }), on('2024-01-21'))
        .thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
    });

    it.each([
      ['a negative credit', { carryForwardCreditYuan: '-1.00' }],
      ['a receivable from after the year it comes from', { receivables: [{ ...carried[0]!, serviceYear: 2024 }] }],
      ['duplicate receivable ids', { receivables: [carried[0]!, carried[0]!] }],
      ['an unknown receivable kind', { receivables: [{ ...carried[0]!, kind: 'fine' as 'clawback' }] }],
      ['a zero receivable', { receivables: [{ ...carried[0]!, outstandingYuan: '0.00' }] }],
      ['a malformed opening date', { receivables: [{ ...carried[0]!, openedOn: '20240120' }] }],
      ['receivables that are not a list', { receivables: {} as CarriedReceivable[] }],
    ])('%s (400 INVALID_FIELD)', (_name, patch) => {
      given([]).when(carryIn(patch), on('2024-01-21')).thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
    });

    it('a receivable id already open in this year (409)', () => {
      const events = history([
        [setQuota('1000000.00'), BEFORE_YEAR],
        [settle(1, '500000.00'), settlementDay(1)],
        [
          {
            type: 'AssessClawback',
            ...KEY,
            receivableId: 'CB-2022-7',
            amountYuan: '1.00',
            serviceYear: 2024,
            caseRef: 'c',
            reason: 'r',
            serviceYearClosed: false,
          },
          MID_YEAR,
        ],
      ]);
      given(events)
        .when(carryIn({ receivables: carried }), MID_YEAR)
        .thenThrows(ErrorCodes.ALREADY_EXISTS, 'conflict');
    });

    it('a credit already applied by a manual carry_in adjustment (INVALID_QUOTA_ADJUSTMENT)', () => {
      const events = history([
        [setQuota('1000000.00'), BEFORE_YEAR],
        [
          adjustQuota({
            reason: 'carry_in',
            direction: 'increase',
            amountYuan: '410000.00',
            fromYear: 2023,
            note: 'by hand',
          }),
          BEFORE_YEAR,
        ],
      ]);
      given(events)
        .when(carryIn({ carryForwardCreditYuan: '410000.00' }), on('2024-01-21'))
        .thenThrows(ErrorCodes.INVALID_QUOTA_ADJUSTMENT);
    });

    it('a closed year (PERIOD_CLOSED)', () => {
      given(closedYear()).when(carryIn(), AFTER_YEAR).thenThrows(ErrorCodes.PERIOD_CLOSED);
    });

    it('a date outside year−1..year+1 (EFFECTIVE_DATE_OUTSIDE_YEAR)', () => {
      given([]).when(carryIn(), on('2022-12-31')).thenThrows(ErrorCodes.EFFECTIVE_DATE_OUTSIDE_YEAR);
    });
  });
});
