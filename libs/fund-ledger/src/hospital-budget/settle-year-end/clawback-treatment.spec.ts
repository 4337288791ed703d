import { Decimal, ZERO } from '@ledger/money';
import type { PolicySnapshot } from '../../shared/budget-policy';
import { ErrorCodes } from '../../shared/domain-error';
import { assertBalanced, type Posting } from '../../shared/journal';
import type { HospitalBudgetEvent, YearEndSettledData } from '../hospital-budget.events';
import { given } from '../test/given';
import {
  AFTER_YEAR,
  BEFORE_YEAR,
  clawback,
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
  type Step,
} from '../test/hospital-budget.fixtures';

/**
 * Issue #14 §4: a clawback that keeps its bite at year end (clawbackTreatment).
 *
 * Common data (WE-4 shape, DEFAULT_BUDGET_POLICY tiers): Q = 36,000,000.00; 12 prepayments of 3,000,000.00
 * gross, 10% withheld → W = 3,600,000.00, prepaid net 32,400,000.00; score 92 → deposit returned
 * W × 0.92 = 3,312,000.00, forfeited D = 288,000.00. The twelve settlements follow the twelve prepayments,
 * so they first clear the prepayments and then (the quota's cash being used up) defer the rest (DP).
 * The clawback C is assessed in the year, after the last settlement: nothing later offsets it, so it
 * stays a receivable the hospital owes. Hospital net over the year = prepaid net + final − C = E − D.
 */
const REDUCE: PolicySnapshot = policyWith({ clawbackTreatment: 'reduce_actual' });
const DEDUCT: PolicySnapshot = policyWith({ clawbackTreatment: 'deduct_from_entitlement' });
const PREPAID_NET = new Decimal('32400000.00');

function year(approvedYuan: string, clawbackYuan: string | null, policy: PolicySnapshot): HospitalBudgetEvent[] {
  const steps: Step[] = [[setQuota('36000000.00'), BEFORE_YEAR]];
  for (let m = 1; m <= 12; m++) steps.push([prepay(m, '3000000.00', policy), prepaymentDay(m)]);
  const shares = monthlyShares(approvedYuan);
  for (let m = 1; m <= 12; m++) steps.push([settle(m, shares[m - 1]!, { policy }), settlementDay(m)]);
  if (clawbackYuan !== null) steps.push([clawback('CB-1', clawbackYuan), on('2025-01-15')]);
  steps.push([score('92'), on('2024-11-25')]);
  return history(steps);
}

function yearEnd(events: readonly HospitalBudgetEvent[], policy: PolicySnapshot): YearEndSettledData {
  const [event, ...rest] = given(events).when(settleYearEnd(policy), AFTER_YEAR).events();
  expect(rest).toHaveLength(0);
  if (event?.type !== 'YearEndSettled') throw new Error(`expected YearEndSettled, got ${event?.type}`);
  return event.data;
}

/** Debits − credits of one account over a history (what the journal projection shows). */
function balanceOf(events: readonly HospitalBudgetEvent[], account: string): string {
  let balance = ZERO;
  for (const event of events) {
    const postings: readonly Posting[] = 'postings' in event.data ? event.data.postings : [];
    assertBalanced(postings);
    for (const p of postings.filter((x) => x.account === account)) {
      balance = p.side === 'debit' ? balance.plus(p.amountYuan) : balance.minus(p.amountYuan);
    }
  }
  return balance.toFixed(2);
}

/** What the hospital keeps of the year: prepayments net + year-end payment − the clawback it owes back. */
function hospitalNet(data: YearEndSettledData, clawbackYuan: string): string {
  return PREPAID_NET.plus(data.breakdown.finalYuan).minus(clawbackYuan).toFixed(2);
}

/** An auditor's recomputation from the event alone (inputs + breakdown), never from the stream. */
function recompute(data: YearEndSettledData): { entitlement: string; final: string } {
  const { inputs: i, breakdown: b } = data;
  const entitlement = new Decimal(b.entitlementBeforeClawbacksYuan!).minus(b.clawbacksDeductedYuan!);
  // adjustment = E − (approved − in-year clawbacks): what the year end changes against what was settled.
  const adjustment = entitlement.minus(new Decimal(i.approvedYuan).minus(i.inYearClawbacksYuan));
  const final = adjustment
    .plus(i.deferredPayableYuan)
    .plus(i.withheldYuan)
    .minus(b.depositForfeitedYuan)
    .minus(i.prepaidOutstandingYuan);
  return { entitlement: entitlement.toFixed(2), final: final.toFixed(2) };
}

describe('clawbackTreatment at year end (issue #14 §4)', () => {
  describe('beyond the shared overrun band: approved 42,000,000.00 (overrun 16.7%), clawback 1,000,000.00', () => {
    const events = year('42000000.00', '1000000.00', DEDUCT);

    it('without the clawback (WE-4b): E 38,520,000.00, final 5,832,000.00, the hospital keeps 38,232,000.00', () => {
      const data = yearEnd(year('42000000.00', null, DEDUCT), DEDUCT);
      // overrun 6,000,000: first 3,600,000 (10% of Q) 70/30 → fund 2,520,000; the rest 2,400,000 the hospital's.
      // E = 36,000,000 + 2,520,000 = 38,520,000; final = (E − A) + DP + W − D − P
      //   = (38,520,000 − 42,000,000) + 6,000,000 + 3,600,000 − 288,000 − 0 = 5,832,000.
      expect(data.breakdown).toMatchObject({ entitlementYuan: '38520000.00', finalYuan: '5832000.00' });
      expect(PREPAID_NET.plus(data.breakdown.finalYuan).toFixed(2)).toBe('38232000.00');
    });

    it('reduce_actual: A = 41,000,000.00 and E stays 38,520,000.00, so the clawback is paid back in full', () => {
      const data = yearEnd(events, REDUCE);
      // A = 42,000,000 − 1,000,000 = 41,000,000; overrun 5,000,000: tier 1 3,600,000 → fund 2,520,000,
      // hospital 1,080,000; tier 2 1,400,000 → hospital. E = 36,000,000 + 2,520,000 = 38,520,000 (unchanged).
      // final = (38,520,000 − 41,000,000) + 6,000,000 + 3,600,000 − 288,000 − 0 = 6,832,000: 1,000,000 more than
      // without the clawback, which is exactly the clawback repaid.
      expect(data.inputs).toMatchObject({
        approvedYuan: '42000000.00',
        inYearClawbacksYuan: '1000000.00',
        actualYuan: '41000000.00',
        deferredPayableYuan: '6000000.00',
        prepaidOutstandingYuan: '0.00',
      });
      expect(data.breakdown).toMatchObject({
        clawbackTreatment: 'reduce_actual',
        clawbackTreatmentSource: 'policy',
        overrunYuan: '5000000.00',
        fundOverrunShareYuan: '2520000.00',
        hospitalOverrunShareYuan: '2480000.00',
        entitlementBeforeClawbacksYuan: '38520000.00',
        clawbacksDeductedYuan: '0.00',
        entitlementYuan: '38520000.00',
        adjustmentYuan: '-2480000.00',
        depositForfeitedYuan: '288000.00',
        finalYuan: '6832000.00',
        paymentYuan: '6832000.00',
        fundNetCostYuan: '38232000.00',
      });
      // 32,400,000 + 6,832,000 − 1,000,000 owed = 38,232,000 = E − D: the same as without the clawback.
      expect(hospitalNet(data, '1000000.00')).toBe('38232000.00');
      expect(recompute(data)).toEqual({ entitlement: '38520000.00', final: '6832000.00' });
    });

    it('deduct_from_entitlement: E₀ on A gross = 38,520,000.00, E = 37,520,000.00; the clawback is never paid back', () => {
      const data = yearEnd(events, DEDUCT);
      // A = 42,000,000 (gross of the clawback); overrun 6,000,000 → fund 2,520,000, hospital 3,480,000;
      // E₀ = 36,000,000 + 2,520,000 = 38,520,000; E = E₀ − C = 38,520,000 − 1,000,000 = 37,520,000.
      // adjustment = E₀ − A = −3,480,000; final = −3,480,000 + 6,000,000 + 3,600,000 − 288,000 − 0 = 5,832,000.
      expect(data.inputs).toMatchObject({
        approvedYuan: '42000000.00',
        inYearClawbacksYuan: '1000000.00',
        actualYuan: '42000000.00',
      });
      expect(data.breakdown).toMatchObject({
        clawbackTreatment: 'deduct_from_entitlement',
        clawbackTreatmentSource: 'policy',
        overrunYuan: '6000000.00',
        fundOverrunShareYuan: '2520000.00',
        hospitalOverrunShareYuan: '3480000.00',
        entitlementBeforeClawbacksYuan: '38520000.00',
        clawbacksDeductedYuan: '1000000.00',
        entitlementYuan: '37520000.00',
        adjustmentYuan: '-3480000.00',
        finalYuan: '5832000.00',
        paymentYuan: '5832000.00',
        fundNetCostYuan: '37232000.00',
      });
      // 32,400,000 + 5,832,000 − 1,000,000 owed = 37,232,000 = E − D: 1,000,000 less than without the clawback.
      expect(hospitalNet(data, '1000000.00')).toBe('37232000.00');
      expect(recompute(data)).toEqual({ entitlement: '37520000.00', final: '5832000.00' });
      // The journal: the fund paid 32,400,000 + 5,832,000 in cash; the 1,000,000 stays owed by the hospital.
      const all: HospitalBudgetEvent[] = [...events, { type: 'YearEndSettled', data }];
      expect(balanceOf(all, 'EMP:cash')).toBe('-38232000.00');
      expect(balanceOf(all, 'EMP:hospital:H001:receivable')).toBe('1000000.00');
      expect(balanceOf(all, 'EMP:hospital:H001:deferred_payable')).toBe('0.00');
    });
  });

  describe('inside the fully retained surplus band: approved 33,000,000.00 (surplus 8.3%), clawback 500,000.00', () => {
    const events = year('33000000.00', '500000.00', DEDUCT);

    it('reduce_actual: A = 32,500,000.00, the surplus 3,500,000.00 is retained in full, E = Q: paid back in full', () => {
      const data = yearEnd(events, REDUCE);
      // A = 33,000,000 − 500,000 = 32,500,000; surplus 3,500,000 ≤ 3,600,000 (10% of Q) → retained 100%.
      // E = 32,500,000 + 3,500,000 = 36,000,000 = Q whatever A is inside the band.
      // P = 36,000,000 prepaid − 33,000,000 settled = 3,000,000; DP = 0.
      // final = (36,000,000 − 32,500,000) + 0 + 3,600,000 − 288,000 − 3,000,000 = 3,812,000.
      expect(data.inputs).toMatchObject({ actualYuan: '32500000.00', prepaidOutstandingYuan: '3000000.00' });
      expect(data.breakdown).toMatchObject({
        clawbackTreatment: 'reduce_actual',
        surplusYuan: '3500000.00',
        retainedYuan: '3500000.00',
        entitlementBeforeClawbacksYuan: '36000000.00',
        clawbacksDeductedYuan: '0.00',
        entitlementYuan: '36000000.00',
        adjustmentYuan: '3500000.00',
        finalYuan: '3812000.00',
      });
      // 32,400,000 + 3,812,000 − 500,000 = 35,712,000 = E − D, as without the clawback (WE-4c: 3,312,000).
      expect(hospitalNet(data, '500000.00')).toBe('35712000.00');
      expect(recompute(data)).toEqual({ entitlement: '36000000.00', final: '3812000.00' });
    });

    it('deduct_from_entitlement: E₀ = 36,000,000.00 on A gross, E = 35,500,000.00; final 3,312,000.00', () => {
      const data = yearEnd(events, DEDUCT);
      // A = 33,000,000; surplus 3,000,000 retained 100%; E₀ = 33,000,000 + 3,000,000 = 36,000,000;
      // E = 36,000,000 − 500,000 = 35,500,000; adjustment = E₀ − A = 3,000,000;
      // final = 3,000,000 + 0 + 3,600,000 − 288,000 − 3,000,000 = 3,312,000.
      expect(data.inputs).toMatchObject({ actualYuan: '33000000.00', inYearClawbacksYuan: '500000.00' });
      expect(data.breakdown).toMatchObject({
        clawbackTreatment: 'deduct_from_entitlement',
        surplusYuan: '3000000.00',
        retainedYuan: '3000000.00',
        entitlementBeforeClawbacksYuan: '36000000.00',
        clawbacksDeductedYuan: '500000.00',
        entitlementYuan: '35500000.00',
        adjustmentYuan: '3000000.00',
        finalYuan: '3312000.00',
        fundNetCostYuan: '35212000.00',
      });
      // 32,400,000 + 3,312,000 − 500,000 = 35,212,000 = E − D: the 500,000 keeps its bite.
      expect(hospitalNet(data, '500000.00')).toBe('35212000.00');
      expect(recompute(data)).toEqual({ entitlement: '35500000.00', final: '3312000.00' });
    });
  });

  it('a policy recorded without the field (before it existed) applies reduce_actual and says so', () => {
    expect(POLICY.policy.clawbackTreatment).toBeUndefined();
    const data = yearEnd(year('33000000.00', '500000.00', POLICY), POLICY);
    expect(data.breakdown).toMatchObject({
      clawbackTreatment: 'reduce_actual',
      clawbackTreatmentSource: 'missing_field',
      entitlementYuan: '36000000.00',
      finalYuan: '3812000.00',
    });
    // The event keeps the policy as it was applied: still without the field.
    expect(data.policy.clawbackTreatment).toBeUndefined();
  });

  it('without clawbacks both treatments give the same figures (WE-4c: final 3,312,000.00)', () => {
    const events = year('33000000.00', null, DEDUCT);
    const [reduce, deduct] = [yearEnd(events, REDUCE), yearEnd(events, DEDUCT)];
    expect(deduct.breakdown.finalYuan).toBe('3312000.00');
    expect({ ...deduct.breakdown, clawbackTreatment: null }).toEqual({ ...reduce.breakdown, clawbackTreatment: null });
  });

  it('refuses a policy with an unknown treatment (400 naming policy.clawbackTreatment)', () => {
    const bad = policyWith({ clawbackTreatment: 'forgive' as 'reduce_actual' });
    given(year('33000000.00', null, DEDUCT))
      .when(settleYearEnd(bad), AFTER_YEAR)
      .thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field: 'policy.clawbackTreatment' });
  });
});
