import { Decimal, max, ZERO } from '@ledger/money';
import { type BudgetPolicy, DEFAULT_BUDGET_POLICY } from '../../shared/budget-policy';
import { InvariantViolation } from '../../shared/decider';
import { parsePolicy } from '../hospital-budget.policy';
import { WE1_POLICY, WE2_POLICY } from '../test/hospital-budget.fixtures';
import {
  computeYearEndSettlement,
  settleDeposit,
  splitByTiers,
  toBreakdownData,
  type YearEndRuleInputs,
} from './year-end-settlement.rule';

const d = (value: string) => new Decimal(value);
const fixed = (value: Decimal) => value.toFixed(2);

/**
 * WE-4 common data: Q 36,000,000; 12 prepayments of 3,000,000 gross (G), 10% withheld (W 3,600,000); score 92.
 * No monthly history: the year's approved total A is taken as settled against the prepayments, so the
 * prepayments left outstanding are P = max(0, G − A) and the part deferred by the cash cap is DP = max(0, A − G).
 */
const Q = d('36000000.00');
const G = d('36000000.00');
const W = d('3600000.00');

function we4(actualYuan: string, paidInYearYuan = '0.00'): YearEndRuleInputs {
  const settledBeyondPaid = d(actualYuan).minus(paidInYearYuan); // Σapproved − PY = (G − P) + DP
  return {
    quotaYuan: Q,
    approvedYuan: d(actualYuan),
    inYearClawbacksYuan: ZERO,
    withheldYuan: W,
    prepaidOutstandingYuan: max(ZERO, G.minus(settledBeyondPaid)),
    deferredPayableYuan: max(ZERO, settledBeyondPaid.minus(G)),
    scorePoints: d('92'),
    policy: parsePolicy(DEFAULT_BUDGET_POLICY),
    agreementTerminatedForCause: false,
  };
}

describe('year-end settlement rule', () => {
  describe('WE-4 (DEFAULT_BUDGET_POLICY, cash mode, S = 92 -> D = 288,000)', () => {
    it('WE-4a overrun 5.6%: A 38,000,000 -> overrun 2,000,000 (fund 1,400,000 / hospital 600,000), E 37,400,000, pays 4,712,000.00', () => {
      const b = computeYearEndSettlement(we4('38000000.00'));
      expect(b.overrunTiers.map((t) => [fixed(t.amountYuan), fixed(t.shareYuan), fixed(t.restYuan)])).toEqual([
        ['2000000.00', '1400000.00', '600000.00'],
        ['0.00', '0.00', '0.00'],
      ]);
      expect(fixed(b.entitlementYuan)).toBe('37400000.00');
      expect(fixed(b.depositForfeitedYuan)).toBe('288000.00');
      expect(fixed(b.finalYuan)).toBe('4712000.00');
      expect(fixed(b.paymentYuan)).toBe('4712000.00');
      expect(fixed(b.hospitalAbsorbsYuan)).toBe('888000.00'); // 60万 + 28.8万
      expect(fixed(b.fundNetCostYuan)).toBe('37112000.00'); // 3,240万 + 471.2万 = 3,800万 − 88.8万
    });

    it('WE-4b big overrun 16.7%: A 42,000,000 -> first 3,600,000 shared 2,520,000 / 1,080,000, rest 2,400,000 hospital, E 38,520,000, pays 5,832,000.00', () => {
      const b = computeYearEndSettlement(we4('42000000.00'));
      expect(
        b.overrunTiers.map((t) => [
          t.boundYuan && fixed(t.boundYuan),
          fixed(t.amountYuan),
          fixed(t.shareYuan),
          fixed(t.restYuan),
        ]),
      ).toEqual([
        ['3600000.00', '3600000.00', '2520000.00', '1080000.00'],
        [null, '2400000.00', '0.00', '2400000.00'],
      ]);
      expect(fixed(b.entitlementYuan)).toBe('38520000.00');
      expect(fixed(b.finalYuan)).toBe('5832000.00');
      expect(fixed(b.hospitalAbsorbsYuan)).toBe('3768000.00'); // 108 + 240 + 28.8 万
    });

    it('WE-4c surplus 8.3%: A 33,000,000 -> 3,000,000 retained in full, E 36,000,000, pays 3,312,000.00', () => {
      const b = computeYearEndSettlement(we4('33000000.00'));
      expect(fixed(b.surplusYuan)).toBe('3000000.00');
      expect(fixed(b.retainedYuan)).toBe('3000000.00');
      expect(fixed(b.entitlementYuan)).toBe('36000000.00');
      expect(fixed(b.finalYuan)).toBe('3312000.00');
      expect(fixed(b.hospitalNetYuan)).toBe('2712000.00'); // keeps 271.2万 net of forfeit
    });

    it('WE-4d surplus 16.7%: A 30,000,000 -> 3,600,000 + 50% × 2,400,000 = 4,800,000 retained, E 34,800,000, pays 2,112,000.00', () => {
      const b = computeYearEndSettlement(we4('30000000.00'));
      expect(b.surplusTiers.map((t) => [fixed(t.amountYuan), fixed(t.shareYuan), fixed(t.restYuan)])).toEqual([
        ['3600000.00', '3600000.00', '0.00'],
        ['2400000.00', '1200000.00', '1200000.00'],
      ]);
      expect(fixed(b.retainedYuan)).toBe('4800000.00');
      expect(fixed(b.entitlementYuan)).toBe('34800000.00');
      expect(fixed(b.finalYuan)).toBe('2112000.00');
      expect(fixed(b.hospitalNetYuan)).toBe('4512000.00'); // keeps 451.2万 net of forfeit
    });

    it.each([['38000000.00'], ['42000000.00'], ['33000000.00'], ['30000000.00']])(
      'A %s: final = E − D − (G − W) − PY for any cash PY paid by settlements in the year (the identity)',
      (actual) => {
        for (const paidInYear of ['0.00', '1000000.00', '2500000.55']) {
          const b = computeYearEndSettlement(we4(actual, paidInYear));
          const expected = b.entitlementYuan.minus(b.depositForfeitedYuan).minus(G.minus(W)).minus(paidInYear);
          expect(fixed(b.finalYuan)).toBe(fixed(expected));
        }
      },
    );
  });

  describe('WE-1 (文登: overrun borne by the hospital, surplus rolled over)', () => {
    const policy = parsePolicy(WE1_POLICY.policy);
    const inputs = (actual: string): YearEndRuleInputs => ({
      quotaYuan: d('4710000.00'),
      approvedYuan: d(actual),
      inYearClawbacksYuan: ZERO,
      withheldYuan: ZERO,
      prepaidOutstandingYuan: max(ZERO, d('4710000.00').minus(actual)),
      deferredPayableYuan: max(ZERO, d(actual).minus('4710000.00')),
      scorePoints: d('80'),
      policy,
      agreementTerminatedForCause: false,
    });

    it('WE-1 case A: actual 5,000,000 -> overrun 290,000 borne by the hospital, the fund pays 4,710,000', () => {
      const b = computeYearEndSettlement(inputs('5000000.00'));
      expect(fixed(b.hospitalOverrunShareYuan)).toBe('290000.00');
      expect(fixed(b.fundOverrunShareYuan)).toBe('0.00');
      expect(fixed(b.fundNetCostYuan)).toBe('4710000.00');
      expect(fixed(b.finalYuan)).toBe('0.00');
    });

    it('WE-1 case B: actual 4,300,000 -> 410,000 carried forward as credit, not paid; the unspent prepayment is owed back', () => {
      const b = computeYearEndSettlement(inputs('4300000.00'));
      expect(fixed(b.carryForwardCreditYuan)).toBe('410000.00');
      expect(fixed(b.retainedPaidYuan)).toBe('0.00');
      expect(fixed(b.entitlementYuan)).toBe('4300000.00');
      expect(fixed(b.adjustmentYuan)).toBe('0.00');
      expect(fixed(b.receivableYuan)).toBe('410000.00');
    });
  });

  it('WE-2 (××市, fund 70%): Q 9,955,000, A 10,450,000 -> overrun 495,000, fund 346,500, hospital 148,500, fund total 10,301,500', () => {
    const b = computeYearEndSettlement({
      quotaYuan: d('9955000.00'),
      approvedYuan: d('10450000.00'),
      inYearClawbacksYuan: ZERO,
      withheldYuan: ZERO,
      prepaidOutstandingYuan: ZERO,
      deferredPayableYuan: d('495000.00'),
      scorePoints: d('90'),
      policy: parsePolicy(WE2_POLICY.policy),
      agreementTerminatedForCause: false,
    });
    expect(fixed(b.overrunYuan)).toBe('495000.00');
    expect(fixed(b.fundOverrunShareYuan)).toBe('346500.00');
    expect(fixed(b.hospitalOverrunShareYuan)).toBe('148500.00');
    expect(fixed(b.fundNetCostYuan)).toBe('10301500.00');
    expect(fixed(b.paymentYuan)).toBe('346500.00');
  });

  describe('tiers', () => {
    it('splits by the §7 three-tier proposal (≤10% 70/30, 10–20% 50/50, beyond: hospital)', () => {
      const policy: BudgetPolicy = {
        ...DEFAULT_BUDGET_POLICY,
        overrunTiers: [
          { upToQuotaRatio: '0.10', fundShare: '0.70' },
          { upToQuotaRatio: '0.20', fundShare: '0.50' },
          { upToQuotaRatio: null, fundShare: '0' },
        ],
      };
      const tiers = splitByTiers(d('25000000.00'), d('100000000.00'), parsePolicy(policy).overrunTiers);
      expect(tiers.map((t) => [fixed(t.amountYuan), fixed(t.shareYuan), fixed(t.restYuan)])).toEqual([
        ['10000000.00', '7000000.00', '3000000.00'],
        ['10000000.00', '5000000.00', '5000000.00'],
        ['5000000.00', '0.00', '5000000.00'],
      ]);
    });

    it('fills the first tier exactly at its bound and leaves the next empty', () => {
      const b = computeYearEndSettlement(we4('39600000.00'));
      expect(b.overrunTiers.map((t) => fixed(t.amountYuan))).toEqual(['3600000.00', '0.00']);
    });

    it('rounds a tier bound half-up to the fen (100.05 × 0.10 = 10.005 -> 10.01)', () => {
      const tiers = splitByTiers(d('20.00'), d('100.05'), parsePolicy(DEFAULT_BUDGET_POLICY).overrunTiers);
      expect(tiers.map((t) => t.boundYuan && fixed(t.boundYuan))).toEqual(['10.01', null]);
      expect(tiers.map((t) => fixed(t.amountYuan))).toEqual(['10.01', '9.99']);
    });

    it('gives an odd fen by largest remainder (0.01 overrun at 70/30 -> fund 0.01)', () => {
      const [tier] = splitByTiers(d('0.01'), Q, parsePolicy(DEFAULT_BUDGET_POLICY).overrunTiers);
      expect([fixed(tier!.shareYuan), fixed(tier!.restYuan)]).toEqual(['0.01', '0.00']);
    });

    it('has neither overrun nor surplus when A equals Q', () => {
      const b = computeYearEndSettlement(we4('36000000.00'));
      expect([fixed(b.overrunYuan), fixed(b.surplusYuan), fixed(b.adjustmentYuan)]).toEqual(['0.00', '0.00', '0.00']);
      expect(fixed(b.finalYuan)).toBe('3312000.00'); // W − D
    });
  });

  describe('deposit', () => {
    it('returns W × S/100 at the minimum score and nothing below it', () => {
      expect(fixed(settleDeposit(W, d('60'), d('60')).returned)).toBe('2160000.00');
      expect(fixed(settleDeposit(W, d('59.99'), d('60')).forfeited)).toBe('3600000.00');
    });

    it('rounds the returned deposit half-up to the fen', () => {
      expect(fixed(settleDeposit(d('0.15'), d('90'), d('60')).returned)).toBe('0.14'); // 0.135 -> 0.14
    });
  });

  it('carries the retained surplus forward instead of paying it in carry_forward mode', () => {
    const policy = parsePolicy({ ...DEFAULT_BUDGET_POLICY, retentionMode: 'carry_forward' });
    const b = computeYearEndSettlement({ ...we4('30000000.00'), policy });
    expect(fixed(b.carryForwardCreditYuan)).toBe('4800000.00');
    expect(fixed(b.entitlementYuan)).toBe('30000000.00');
    expect(fixed(b.finalYuan)).toBe('-2688000.00'); // unspent prepayment owed back: 6,000,000 − 3,312,000
    expect(fixed(b.receivableYuan)).toBe('2688000.00');
  });

  it('writes the breakdown as yuan strings with two places', () => {
    const data = toBreakdownData(computeYearEndSettlement(we4('38000000.00')));
    expect(data).toMatchObject({
      entitlementYuan: '37400000.00',
      finalYuan: '4712000.00',
      receivableYuan: '0.00',
      retentionMode: 'cash',
    });
    expect(data.overrunTiers[0]).toEqual({
      tier: 1,
      upToQuotaRatio: '0.1',
      boundYuan: '3600000.00',
      amountYuan: '2000000.00',
      share: '0.7',
      shareYuan: '1400000.00',
      restYuan: '600000.00',
    });
  });

  it('refuses impossible inputs as invariant violations', () => {
    expect(() => computeYearEndSettlement({ ...we4('1.00'), approvedYuan: d('-1') })).toThrow(InvariantViolation);
    expect(() => computeYearEndSettlement({ ...we4('1.00'), quotaYuan: ZERO })).toThrow(InvariantViolation);
    expect(() => computeYearEndSettlement({ ...we4('1.00'), withheldYuan: d('0.001') })).toThrow(InvariantViolation);
  });
});
