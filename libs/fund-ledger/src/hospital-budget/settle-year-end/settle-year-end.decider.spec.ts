import { Decimal, min, sum, yuan, ZERO } from '@ledger/money';
import type { DecisionContext } from '../../shared/decider';
import { ErrorCodes } from '../../shared/domain-error';
import { assertBalanced, type Posting } from '../../shared/journal';
import { type HospitalBudgetCommand, scenarioDecider as hospitalBudgetDecider } from '../test/given';
import type { HospitalBudgetEvent, YearEndSettledData } from '../hospital-budget.events';
import { given } from '../test/given';
import { type HospitalBudgetState, paidTowardYear } from '../hospital-budget.state';
import {
  AFTER_YEAR,
  BEFORE_YEAR,
  clawback,
  closedYear,
  history,
  monthlyShares,
  on,
  POLICY,
  policyWith,
  prepay,
  prepaymentDay,
  score,
  setQuota,
  settle,
  settlementDay,
  settleYearEnd,
  WE1_POLICY,
  WE2_POLICY,
} from '../test/hospital-budget.fixtures';
import { yearEndReceivableId } from './settle-year-end.decider';

type Ordering = 'prepaid_first' | 'interleaved';

/**
 * A year through the real decider: quota, 12 prepayments and 12 monthly settlements whose approved totals add
 * up to A, and a score. 'prepaid_first': the twelve prepayments precede the settlements, so the cash cap defers
 * whatever the prepayments do not cover. 'interleaved': month m+1 is prepaid before month m is settled; where a
 * settlement already paid cash beyond the prepayments, a later prepayment is cut to the room left (超总控).
 */
function runYear(opts: {
  quota: string;
  actual: string;
  gross: string;
  policy?: typeof POLICY;
  scorePoints: string;
  ordering: Ordering;
}) {
  const policy = opts.policy ?? POLICY;
  const shares = monthlyShares(opts.actual);
  let state = hospitalBudgetDecider.initialState();
  const events: HospitalBudgetEvent[] = [];
  const run = (command: HospitalBudgetCommand, context: DecisionContext) => {
    const decided = hospitalBudgetDecider.decide(command, state, context);
    state = decided.reduce(hospitalBudgetDecider.evolve, state);
    events.push(...decided);
  };
  const prepayMonth = (month: number) => {
    const room = new Decimal(opts.quota).minus(paidTowardYear(state));
    const gross = min(new Decimal(opts.gross), room);
    if (gross.gt(0)) run(prepay(month, yuan(gross), policy), prepaymentDay(month));
  };
  const settleMonth = (month: number) => run(settle(month, shares[month - 1]!, { policy }), settlementDay(month));

  run(setQuota(opts.quota), BEFORE_YEAR);
  if (opts.ordering === 'prepaid_first') {
    for (let m = 1; m <= 12; m++) prepayMonth(m);
    for (let m = 1; m <= 12; m++) settleMonth(m);
  } else {
    prepayMonth(1);
    for (let m = 1; m <= 12; m++) {
      if (m < 12) prepayMonth(m + 1);
      settleMonth(m);
    }
  }
  run(score(opts.scorePoints), on('2024-11-25'));
  return { events, state };
}

function yearEnd(
  events: readonly HospitalBudgetEvent[],
  policy = POLICY,
): { data: YearEndSettledData; state: HospitalBudgetState } {
  const { events: decided, state } = given(events).when(settleYearEnd(policy), AFTER_YEAR).thenEvents();
  expect(decided).toHaveLength(1);
  const event = decided[0]!;
  if (event.type !== 'YearEndSettled') throw new Error(`expected YearEndSettled, got ${event.type}`);
  return { data: event.data, state };
}

/** Debits − credits per account over a whole history: what a journal projection would show. */
function balances(events: readonly HospitalBudgetEvent[]): Map<string, Decimal> {
  const result = new Map<string, Decimal>();
  for (const event of events) {
    const postings: readonly Posting[] = 'postings' in event.data ? event.data.postings : [];
    assertBalanced(postings);
    for (const p of postings) {
      const signed = p.side === 'debit' ? new Decimal(p.amountYuan) : new Decimal(p.amountYuan).negated();
      result.set(p.account, (result.get(p.account) ?? ZERO).plus(signed));
    }
  }
  return result;
}

const balanceOf = (events: readonly HospitalBudgetEvent[], account: string) =>
  (balances(events).get(account) ?? ZERO).toFixed(2);

const WE4 = [
  {
    name: 'WE-4a overrun 5.6%',
    actual: '38000000.00',
    entitlement: '37400000.00',
    payment: '4712000.00',
    absorbs: '888000.00',
    net: '-888000.00',
  },
  {
    name: 'WE-4b big overrun 16.7%',
    actual: '42000000.00',
    entitlement: '38520000.00',
    payment: '5832000.00',
    absorbs: '3768000.00',
    net: '-3768000.00',
  },
  {
    name: 'WE-4c surplus 8.3%',
    actual: '33000000.00',
    entitlement: '36000000.00',
    payment: '3312000.00',
    absorbs: '288000.00',
    net: '2712000.00',
  },
  {
    name: 'WE-4d surplus 16.7%',
    actual: '30000000.00',
    entitlement: '34800000.00',
    payment: '2112000.00',
    absorbs: '288000.00',
    net: '4512000.00',
  },
];

const we4Year = (actual: string, ordering: Ordering) =>
  runYear({ quota: '36000000.00', actual, gross: '3000000.00', scorePoints: '92', ordering });

describe('SettleYearEnd', () => {
  describe('WE-4 through the stream: Q 36,000,000, 12 × 3,000,000 prepaid (10% withheld), score 92', () => {
    it.each(WE4)('$name: E $entitlement, final payment $payment, hospital absorbs $absorbs', (c) => {
      const { events } = we4Year(c.actual, 'prepaid_first');
      const { data, state } = yearEnd(events);
      expect(data.inputs).toMatchObject({
        quotaYuan: '36000000.00',
        actualYuan: c.actual,
        prepaidGrossYuan: '36000000.00',
        withheldYuan: '3600000.00',
        prepaidNetYuan: '32400000.00',
        settlementPayableYuan: '0.00', // the prepayments fill the quota: nothing more is paid in the year
        scorePoints: '92.00',
      });
      expect(data.breakdown).toMatchObject({
        entitlementYuan: c.entitlement,
        depositReturnedYuan: '3312000.00',
        depositForfeitedYuan: '288000.00',
        finalYuan: c.payment,
        paymentYuan: c.payment,
        receivableYuan: '0.00',
        hospitalAbsorbsYuan: c.absorbs,
        hospitalNetYuan: c.net,
      });
      expect(data.yearEndReceivable).toBeNull();
      expect(state.closed).toBe(true);
      // The journal agrees: the hospital-year's prepaid, withheld and deferred accounts end at zero.
      const all = [...events, { type: 'YearEndSettled' as const, data }];
      for (const account of ['prepaid', 'withheld_deposit', 'deferred_payable']) {
        expect(balanceOf(all, `EMP:hospital:H001:${account}`)).toBe('0.00');
      }
      // ...and cash out of the fund for the year is E − D = 32,400,000 + final.
      expect(balanceOf(all, 'EMP:cash')).toBe(new Decimal(c.entitlement).minus('288000').negated().toFixed(2));
    });

    it('WE-4a posts the result: overrun share and forfeit as contra-expense, deposit and deferral cleared, cash paid', () => {
      const { data } = yearEnd(we4Year('38000000.00', 'prepaid_first').events);
      expect(data.inputs).toMatchObject({ prepaidOutstandingYuan: '0.00', deferredPayableYuan: '2000000.00' });
      expect(data.postings).toEqual([
        { fundId: 'EMP', account: 'EMP:expense:hospital_overrun_share', side: 'credit', amountYuan: '600000.00' },
        { fundId: 'EMP', account: 'EMP:hospital:H001:withheld_deposit', side: 'debit', amountYuan: '3600000.00' },
        { fundId: 'EMP', account: 'EMP:expense:deposit_forfeited', side: 'credit', amountYuan: '288000.00' },
        { fundId: 'EMP', account: 'EMP:hospital:H001:deferred_payable', side: 'debit', amountYuan: '2000000.00' },
        { fundId: 'EMP', account: 'EMP:cash', side: 'credit', amountYuan: '4712000.00' },
      ]);
    });

    it('WE-4d posts the retained surplus as expense and takes back the unused prepayment', () => {
      const { data } = yearEnd(we4Year('30000000.00', 'prepaid_first').events);
      expect(data.postings).toEqual([
        { fundId: 'EMP', account: 'EMP:expense:surplus_retained', side: 'debit', amountYuan: '4800000.00' },
        { fundId: 'EMP', account: 'EMP:hospital:H001:withheld_deposit', side: 'debit', amountYuan: '3600000.00' },
        { fundId: 'EMP', account: 'EMP:expense:deposit_forfeited', side: 'credit', amountYuan: '288000.00' },
        { fundId: 'EMP', account: 'EMP:hospital:H001:prepaid', side: 'credit', amountYuan: '6000000.00' },
        { fundId: 'EMP', account: 'EMP:cash', side: 'credit', amountYuan: '2112000.00' },
      ]);
    });

    it.each(WE4.filter((c) => c.name !== 'WE-4b big overrun 16.7%'))(
      '$name, month by month (prepay m+1, then settle m): the prepayments cover each month, so the payment is still $payment',
      (c) => {
        const { events, state } = we4Year(c.actual, 'interleaved');
        expect(state.settlementPayableYuan.toFixed(2)).toBe('0.00');
        expect(yearEnd(events).data.breakdown.paymentYuan).toBe(c.payment);
      },
    );

    it('WE-4b month by month: settlements outrun the prepayments, cash is paid in the year, the 12th prepayment is cut to the room left, and the hospital still receives E − D over the year (the identity)', () => {
      const { events, state } = we4Year('42000000.00', 'interleaved');
      expect(state.settlementPayableYuan.gt(0)).toBe(true);
      expect(paidTowardYear(state).toFixed(2)).toBe('36000000.00'); // never above Q in the year
      const { data } = yearEnd(events);
      const received = new Decimal(data.inputs.prepaidNetYuan)
        .plus(data.inputs.settlementPayableYuan)
        .plus(data.breakdown.finalYuan);
      expect(received.toFixed(2)).toBe(
        new Decimal(data.breakdown.entitlementYuan).minus(data.breakdown.depositForfeitedYuan).toFixed(2),
      );
      expect(data.breakdown.entitlementYuan).toBe('38520000.00');
      expect(data.inputs.withheldYuan).toBe('3400000.00'); // 11 × 300,000 + 10% of the 1,000,000 room left
      expect(data.breakdown.depositForfeitedYuan).toBe('272000.00');
      expect(received.toFixed(2)).toBe('38248000.00');
    });
  });

  it('WE-1 case A (文登): overrun 290,000 borne by the hospital; the fund pays exactly the quota 4,710,000', () => {
    const { events } = runYear({
      quota: '4710000.00',
      actual: '5000000.00',
      gross: '392500.00',
      policy: WE1_POLICY,
      scorePoints: '80',
      ordering: 'prepaid_first',
    });
    const { data } = yearEnd(events, WE1_POLICY);
    expect(data.breakdown).toMatchObject({
      overrunYuan: '290000.00',
      hospitalOverrunShareYuan: '290000.00',
      fundOverrunShareYuan: '0.00',
      fundNetCostYuan: '4710000.00',
      finalYuan: '0.00',
    });
    expect(data.postings).toEqual([
      { fundId: 'EMP', account: 'EMP:expense:hospital_overrun_share', side: 'credit', amountYuan: '290000.00' },
      { fundId: 'EMP', account: 'EMP:hospital:H001:deferred_payable', side: 'debit', amountYuan: '290000.00' },
    ]);
  });

  it('WE-1 case B (文登): surplus 410,000 becomes next year’s credit; the unspent prepayment becomes a year-end receivable', () => {
    const { events } = runYear({
      quota: '4710000.00',
      actual: '4300000.00',
      gross: '392500.00',
      policy: WE1_POLICY,
      scorePoints: '80',
      ordering: 'prepaid_first',
    });
    const { data, state } = yearEnd(events, WE1_POLICY);
    expect(data.breakdown).toMatchObject({
      carryForwardCreditYuan: '410000.00',
      retainedPaidYuan: '0.00',
      receivableYuan: '410000.00',
    });
    const receivableId = yearEndReceivableId({ fundId: 'EMP', payeeId: 'H001', year: 2024 });
    expect(data.yearEndReceivable).toEqual({ receivableId, amountYuan: '410000.00' });
    expect(data.openReceivables).toEqual([
      {
        receivableId,
        kind: 'year_end_settlement',
        serviceYear: 2024,
        outstandingYuan: '410000.00',
        openedOn: '2025-01-20',
      },
    ]);
    expect(data.postings).toEqual([
      { fundId: 'EMP', account: 'EMP:hospital:H001:prepaid', side: 'credit', amountYuan: '410000.00' },
      { fundId: 'EMP', account: 'EMP:hospital:H001:receivable', side: 'debit', amountYuan: '410000.00' },
    ]);
    expect(state.receivables.map((r) => [r.receivableId, r.kind, r.outstandingYuan.toFixed(2)])).toEqual([
      [receivableId, 'year_end_settlement', '410000.00'],
    ]);
  });

  it('WE-2 (××市): Q 9,955,000, A 10,450,000 without prepayments -> 495,000 deferred by the cap, fund 346,500 paid at year end, fund total 10,301,500', () => {
    const events = history([
      [setQuota('9955000.00'), BEFORE_YEAR],
      ...monthlyShares('10450000.00').map(
        (share, i) => [settle(i + 1, share, { policy: WE2_POLICY }), settlementDay(i + 1)] as const,
      ),
      [score('90'), on('2024-11-25')],
    ]);
    const { data } = yearEnd(events, WE2_POLICY);
    expect(data.inputs).toMatchObject({ settlementPayableYuan: '9955000.00', deferredPayableYuan: '495000.00' });
    expect(data.breakdown).toMatchObject({
      overrunYuan: '495000.00',
      fundOverrunShareYuan: '346500.00',
      hospitalOverrunShareYuan: '148500.00',
      paymentYuan: '346500.00',
      fundNetCostYuan: '10301500.00',
    });
  });

  it('takes in-year clawbacks off the actual, and hands open receivables over for next year', () => {
    const events = history([
      [setQuota('1000000.00'), BEFORE_YEAR],
      [settle(1, '600000.00'), settlementDay(1)],
      [clawback('CB-1', '50000.00'), on('2024-05-01')],
      [score('100'), on('2024-11-25')],
    ]);
    const { data } = yearEnd(events);
    expect(data.inputs).toMatchObject({
      approvedYuan: '600000.00',
      inYearClawbacksYuan: '50000.00',
      actualYuan: '550000.00',
    });
    expect(data.openReceivables).toEqual([
      {
        receivableId: 'CB-1',
        kind: 'clawback',
        serviceYear: 2024,
        outstandingYuan: '50000.00',
        openedOn: '2024-05-01',
      },
    ]);
  });

  it('records the full policy and its version', () => {
    const policy = policyWith({ depositReturnMinScore: '70' });
    const { data } = yearEnd(
      history([
        [setQuota('1000.00'), BEFORE_YEAR],
        [score('69'), on('2024-11-25')],
      ]),
      policy,
    );
    expect(data).toMatchObject({ policyVersion: 'policy-EMP-2024@9', policy: policy.policy });
  });

  describe('refuses', () => {
    it('without a score (SCORE_MISSING)', () => {
      given(history([[setQuota('1000.00'), BEFORE_YEAR]]))
        .when(settleYearEnd(), AFTER_YEAR)
        .thenThrows(ErrorCodes.SCORE_MISSING, 'business_rule');
    });

    it('without a quota (QUOTA_NOT_SET)', () => {
      given(history([[score('90'), on('2024-11-25')]]))
        .when(settleYearEnd(), AFTER_YEAR)
        .thenThrows(ErrorCodes.QUOTA_NOT_SET);
    });

    it('a second year-end (PERIOD_CLOSED)', () => {
      given(closedYear()).when(settleYearEnd(), AFTER_YEAR).thenThrows(ErrorCodes.PERIOD_CLOSED);
    });

    it('before the year is over (EFFECTIVE_DATE_OUTSIDE_YEAR)', () => {
      const events = history([
        [setQuota('1000.00'), BEFORE_YEAR],
        [score('90'), on('2024-11-25')],
      ]);
      given(events).when(settleYearEnd(), on('2024-12-31')).thenThrows(ErrorCodes.EFFECTIVE_DATE_OUTSIDE_YEAR);
    });

    it('a malformed policy (400)', () => {
      const events = history([
        [setQuota('1000.00'), BEFORE_YEAR],
        [score('90'), on('2024-11-25')],
      ]);
      given(events)
        .when(settleYearEnd(policyWith({ retentionMode: 'lottery' as 'cash' })), AFTER_YEAR)
        .thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
    });
  });

  it('sums the monthly shares of WE-4a back to A exactly', () => {
    expect(sum(monthlyShares('38000000.00').map((s) => new Decimal(s))).toFixed(2)).toBe('38000000.00');
  });
});
