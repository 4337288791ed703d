import { FUND_KINDS, FundKind, PAYEE_TYPES } from '../registry/registry.events';
import { caught } from '../test/decider-specification';
import { DomainError } from '../shared/domain-error';
import { FundBookErrorCodes } from './fund-book.errors';
import { PAYMENT_CATEGORIES, PaymentCategory } from './fund-book.events';
import { assertFundMayPay, assertPayeeFits, CATEGORY_RULES, mayPay } from './payment-categories';

/** The whole category × fund-kind table, written out: a change to the rules must change this test. */
const EXPECTED: Record<PaymentCategory, Record<FundKind, boolean>> = {
  individual_reimbursement: { employee_pooled: true, employee_personal: false, resident_pooled: true, medical_assistance: false, maternity: true },
  personal_account_spending: { employee_pooled: false, employee_personal: true, resident_pooled: false, medical_assistance: false, maternity: false },
  medical_assistance: { employee_pooled: false, employee_personal: false, resident_pooled: false, medical_assistance: true, maternity: false },
  critical_illness_premium: { employee_pooled: false, employee_personal: false, resident_pooled: true, medical_assistance: false, maternity: false },
  supplier_settlement: { employee_pooled: true, employee_personal: false, resident_pooled: true, medical_assistance: false, maternity: false },
  out_of_area_clearing: { employee_pooled: true, employee_personal: false, resident_pooled: true, medical_assistance: false, maternity: false },
  earmarked_advance: { employee_pooled: true, employee_personal: false, resident_pooled: true, medical_assistance: false, maternity: false },
};

const cells = PAYMENT_CATEGORIES.flatMap((category) => FUND_KINDS.map((kind) => [category, kind] as const));

describe('payment category × fund kind', () => {
  it.each(cells)('%s from %s', (category, kind) => {
    expect(mayPay(category, kind)).toBe(EXPECTED[category][kind]);
    if (EXPECTED[category][kind]) {
      expect(() => assertFundMayPay(category, 'F-1', kind)).not.toThrow();
    } else {
      const error = caught(() => assertFundMayPay(category, 'F-1', kind));
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'business_rule', code: FundBookErrorCodes.FUND_KIND_MISMATCH, field: 'fundId' });
      // 422 naming the fund and the category.
      expect((error as Error).message).toContain('F-1');
      expect((error as Error).message).toContain(category);
    }
  });

  it('R-ACC-1: the employee personal accounts pay only personal-account spending, and nothing else pays it', () => {
    expect(PAYMENT_CATEGORIES.filter((c) => mayPay(c, 'employee_personal'))).toEqual(['personal_account_spending']);
    expect(FUND_KINDS.filter((k) => mayPay('personal_account_spending', k))).toEqual(['employee_personal']);
  });

  it('every category names at least one fund kind and a payee rule', () => {
    for (const category of PAYMENT_CATEGORIES) {
      expect(CATEGORY_RULES[category].fundKinds.length).toBeGreaterThan(0);
      const { payees } = CATEGORY_RULES[category];
      expect(payees === 'members' || payees.every((p) => PAYEE_TYPES.includes(p))).toBe(true);
    }
  });

  describe('payees', () => {
    it('members categories refuse a named payee; payee categories refuse members and other kinds', () => {
      expect(caught(() => assertPayeeFits('medical_assistance', { kind: 'payee', payeeId: 'P', payeeType: 'pharmacy' }))).toMatchObject({
        code: FundBookErrorCodes.PAYEE_KIND_MISMATCH,
        field: 'payeeId',
      });
      expect(caught(() => assertPayeeFits('critical_illness_premium', { kind: 'members', memberCount: 3 }))).toMatchObject({
        code: FundBookErrorCodes.PAYEE_KIND_MISMATCH,
      });
      expect(caught(() => assertPayeeFits('critical_illness_premium', { kind: 'payee', payeeId: 'H', payeeType: 'hospital' }))).toMatchObject({
        code: FundBookErrorCodes.PAYEE_KIND_MISMATCH,
      });
    });

    it('accepts the kinds of the table', () => {
      expect(() => assertPayeeFits('personal_account_spending', { kind: 'payee', payeeId: 'C', payeeType: 'clinic' })).not.toThrow();
      expect(() => assertPayeeFits('out_of_area_clearing', { kind: 'payee', payeeId: 'CH', payeeType: 'clearing_house' })).not.toThrow();
      expect(() => assertPayeeFits('individual_reimbursement', { kind: 'members', memberCount: 1 })).not.toThrow();
    });
  });
});
