import { ErrorCodes } from '../shared/domain-error';
import { given } from '../test/decider-specification';
import type { YearEndSettledData } from '../hospital-budget/hospital-budget.events';
import {
  AFTER_YEAR,
  BEFORE_YEAR,
  history,
  on,
  policyWith,
  score,
  setQuota,
  settle,
  settlementDay,
  settleYearEnd,
} from '../hospital-budget/test/hospital-budget.fixtures';
import { type CloseFundYear, fundCloseDecider } from './fund-close.decider';
import type { FundYearClosed } from './fund-close.events';

/** WE-2 (××市): the fund pays 70% of an overrun, savings are carried forward; nothing withheld. */
const WE2 = policyWith({
  overrunTiers: [{ upToQuotaRatio: null, fundShare: '0.70' }],
  depositWithholdRate: '0',
  retentionMode: 'carry_forward',
});

/** One hospital-year through the real hospital-budget decider: quota, the year's claims in one month, score, year end. */
function settledYear(payeeId: string, quotaYuan: string, actualYuan: string): YearEndSettledData {
  const events = history([
    [{ ...setQuota(quotaYuan), payeeId }, BEFORE_YEAR],
    [{ ...settle(1, actualYuan, { policy: WE2 }), payeeId }, settlementDay(1)],
    [{ ...score('90'), payeeId }, on('2024-11-25')],
    [{ ...settleYearEnd(WE2), payeeId }, AFTER_YEAR],
  ]);
  const yearEnd = events.find((e) => e.type === 'YearEndSettled');
  if (yearEnd?.type !== 'YearEndSettled') throw new Error('no year end');
  return yearEnd.data;
}

const A = settledYear('A', '9955000.00', '10450000.00'); // WE-2 A: overrun 495,000
const B = settledYear('B', '5430000.00', '5100000.00'); // WE-2 B: savings 330,000 carried forward
const C = settledYear('C', '3620000.00', '3620000.00'); // on quota

const close = (overrides: Partial<CloseFundYear> = {}): CloseFundYear => ({
  type: 'CloseFundYear',
  fundId: 'EMP',
  year: 2024,
  payeeSource: 'allocation_run',
  runId: 'allocation-run-EMP-2024-v1',
  payeeIds: ['A', 'B', 'C'],
  settlements: [A, B, C],
  ...overrides,
});

describe('CloseFundYear (the fund-year close, from its hospitals’ year-end settlements)', () => {
  it('sums the settlements by outcome (WE-2: fund pays 346,500 of A’s overrun, B carries 330,000 forward)', () => {
    const [event] = given(fundCloseDecider).when(close(), AFTER_YEAR).events();
    expect(event).toEqual<FundYearClosed>({
      type: 'FundYearClosed',
      data: {
        fundId: 'EMP',
        year: 2024,
        effectiveDate: '2025-01-20',
        status: 'closed',
        payeeSource: 'allocation_run',
        runId: 'allocation-run-EMP-2024-v1',
        hospitals: 3,
        totals: {
          quotaYuan: '19005000.00',
          actualYuan: '19170000.00',
          overrun: { count: 1, overrunYuan: '495000.00', fundShareYuan: '346500.00', hospitalShareYuan: '148500.00' },
          surplus: {
            count: 1,
            surplusYuan: '330000.00',
            retainedYuan: '330000.00',
            retainedPaidYuan: '0.00',
            carriedForwardYuan: '330000.00',
            notRetainedYuan: '0.00',
          },
          balanced: { count: 1 },
          deposits: { withheldYuan: '0.00', returnedYuan: '0.00', forfeitedYuan: '0.00' },
          entitlementYuan: '19021500.00',
          fundNetCostYuan: '19021500.00',
          yearEnd: { paymentsYuan: '346500.00', receivablesYuan: '0.00', heldPaymentsYuan: '0.00', netPaymentYuan: '346500.00' },
        },
        columns: ['payeeId', 'outcome', 'quotaYuan', 'actualYuan', 'finalYuan', 'carryForwardCreditYuan'],
        rows: [
          ['A', 'overrun', '9955000.00', '10450000.00', '346500.00', '0.00'],
          ['B', 'surplus', '5430000.00', '5100000.00', '0.00', '330000.00'],
          ['C', 'balanced', '3620000.00', '3620000.00', '0.00', '0.00'],
        ],
      },
    });
  });

  it('decides nothing for a closed fund-year (re-running returns the stored report)', () => {
    const closed = given(fundCloseDecider).when(close(), AFTER_YEAR).events();
    given(fundCloseDecider, closed)
      .when(close({ payeeIds: ['A'], settlements: [A] }), on('2025-02-01'))
      .thenNothing();
  });

  it('refuses a close before the year is over, and a payee listed twice', () => {
    given(fundCloseDecider)
      .when(close(), on('2024-12-31'))
      .thenRejects({ code: ErrorCodes.EFFECTIVE_DATE_OUTSIDE_YEAR });
    given(fundCloseDecider)
      .when(close({ payeeIds: ['A', 'A'] }), AFTER_YEAR)
      .thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'payeeIds' });
  });

  it('treats a missing or foreign settlement as a bug of the caller (invariant)', () => {
    given(fundCloseDecider)
      .when(close({ settlements: [A, B] }), AFTER_YEAR)
      .thenViolatesInvariant(/settlement of C is missing/);
    given(fundCloseDecider)
      .when(close({ year: 2023 }), on('2024-01-10'))
      .thenViolatesInvariant(/of EMP\/2023/);
  });
});
