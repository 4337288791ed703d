import { ErrorCodes } from '../../shared/domain-error';
import { given } from '../../test/decider-specification';
import { fundBookDecider } from '../fund-book.decider';
import { FundBookErrorCodes } from '../fund-book.errors';
import { FundPaymentRecorded } from '../fund-book.events';
import { assertOwnFund } from '../fund-book.guards';
import { history, JULY, on, OPENING_DAY, openingBalance, payment, reimbursement, RES, toPayee } from '../test/fund-book-fixtures';

const opened = history([[openingBalance(), OPENING_DAY]]);
const PERSONAL = { fundId: 'QZ-EMP-PERS', fundKind: 'employee_personal' as const };
const ASSIST = { fundId: 'QZ-ASSIST', fundKind: 'medical_assistance' as const };
const POOLED = { fundId: 'QZ-EMP', fundKind: 'employee_pooled' as const };

const lines = (event: FundPaymentRecorded) => event.data.postings.map((p) => [p.account, p.side, p.amountYuan]);
const decided = (command: Parameters<typeof fundBookDecider.decide>[0], context = JULY, past = opened) =>
  given(fundBookDecider, past).when(command, context).events()[0] as FundPaymentRecorded;

describe('RecordFundPayment (基金支出)', () => {
  describe('individual reimbursements (零星报销, R-PAY-10)', () => {
    it('pays a member: Dr expense:individual_reimbursements / Cr cash, with the deadline it was checked against', () => {
      given(fundBookDecider, opened)
        .when(payment(reimbursement(), { personTimes: 1 }), JULY)
        .then([
          {
            type: 'FundPaymentRecorded',
            data: {
              paymentId: 'PAY-1',
              fundId: RES,
              fundKind: 'resident_pooled',
              category: 'individual_reimbursement',
              payee: { kind: 'members', memberCount: 1 },
              period: '2025-07',
              amountYuan: '1000.00',
              personTimes: 1,
              batchRef: 'BATCH-2025-07-01',
              effectiveDate: '2025-07-15',
              details: {
                category: 'individual_reimbursement',
                claimRef: 'CLAIM-0001',
                dischargeDate: '2025-06-20',
                filedDate: '2025-07-10',
                filingDeadlineDays: 30,
                filingDeadline: '2025-07-20',
              },
              openItem: null,
              postings: [
                { fundId: RES, account: `${RES}:expense:individual_reimbursements`, side: 'debit', amountYuan: '1000.00' },
                { fundId: RES, account: `${RES}:cash`, side: 'credit', amountYuan: '1000.00' },
              ],
            },
          },
        ]);
    });

    it('accepts a claim filed on the 30th day after discharge (the last day counts, §7), across a month end', () => {
      const event = decided(payment(reimbursement({ dischargeDate: '2025-01-31', filedDate: '2025-03-02' })), on('2025-03-05'), []);
      expect(event.data.details).toMatchObject({ filingDeadline: '2025-03-02' });
    });

    it('refuses a claim filed on the 31st day (422 FILING_DEADLINE_PASSED at filedDate)', () => {
      given(fundBookDecider, opened)
        .when(payment(reimbursement({ dischargeDate: '2025-06-20', filedDate: '2025-07-21' })), on('2025-07-25'))
        .thenRejects({ kind: 'business_rule', code: FundBookErrorCodes.FILING_DEADLINE_PASSED, field: 'filedDate' });
    });

    it('takes the deadline as a parameter (a 60-day rule accepts the same claim)', () => {
      const event = decided(payment(reimbursement({ filedDate: '2025-07-21', filingDeadlineDays: 60 })), on('2025-07-25'));
      expect(event.data.details).toMatchObject({ filingDeadlineDays: 60, filingDeadline: '2025-08-19' });
    });

    it.each([
      ['filedDate', reimbursement({ filedDate: '2025-06-19' })],
      ['filedDate', reimbursement({ filedDate: '2025-07-16' })],
      ['dischargeDate', reimbursement({ dischargeDate: '2025-02-30' })],
      ['filingDeadlineDays', reimbursement({ filingDeadlineDays: 0 })],
      ['claimRef', reimbursement({ claimRef: 'a b' })],
    ])('400 INVALID_FIELD at %s', (field, details) => {
      given(fundBookDecider, opened).when(payment(details), JULY).thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field });
    });

    it('is paid from maternity and the pooled funds, never from the personal accounts', () => {
      expect(decided(payment(reimbursement(), { fundId: 'QZ-MAT', fundKind: 'maternity' }), JULY, [])?.data.fundKind).toBe('maternity');
      given(fundBookDecider)
        .when(payment(reimbursement(), PERSONAL), JULY)
        .thenRejects({ code: FundBookErrorCodes.FUND_KIND_MISMATCH, field: 'fundId' });
    });
  });

  describe('personal-account spending with pharmacies and clinics (R-PAY-6)', () => {
    const spending = (overrides = {}) =>
      payment({ category: 'personal_account_spending' }, { ...PERSONAL, payee: toPayee('P-17', 'pharmacy'), amountYuan: '52310.40', personTimes: 812, ...overrides });

    it('settles a pharmacy from the employee personal-account fund', () => {
      const event = given(fundBookDecider).when(spending(), on('2025-08-05')).events()[0] as FundPaymentRecorded;
      expect(lines(event)).toEqual([
        ['QZ-EMP-PERS:expense:personal_account_spending', 'debit', '52310.40'],
        ['QZ-EMP-PERS:cash', 'credit', '52310.40'],
      ]);
      expect(event.data).toMatchObject({ payee: { kind: 'payee', payeeId: 'P-17', payeeType: 'pharmacy' }, personTimes: 812 });
    });

    it('refuses it from the pooled fund (R-ACC-1: 422 FUND_KIND_MISMATCH naming the fund and category)', () => {
      const error = given(fundBookDecider).when(spending(POOLED), JULY).thenRejects({ code: FundBookErrorCodes.FUND_KIND_MISMATCH, field: 'fundId' });
      expect(error.message).toMatch(/QZ-EMP .*personal_account_spending/);
    });

    it('refuses a hospital as the payee (422 PAYEE_KIND_MISMATCH)', () => {
      given(fundBookDecider)
        .when(spending({ payee: toPayee('H-001', 'hospital') }), JULY)
        .thenRejects({ code: FundBookErrorCodes.PAYEE_KIND_MISMATCH, field: 'payeeId' });
    });
  });

  describe('medical assistance onto bank cards (R-PAY-17)', () => {
    const assistance = (approvedDate = '2025-07-10', overrides = {}) =>
      payment(
        { category: 'medical_assistance', approvalRef: 'APPR-2025-07', approvedDate },
        { ...ASSIST, payee: { kind: 'members', memberCount: 240 }, amountYuan: '480000.00', personTimes: 240, ...overrides },
      );

    it('pays an approved batch of members: Dr expense:medical_assistance_payments / Cr cash', () => {
      const event = given(fundBookDecider).when(assistance(), JULY).events()[0] as FundPaymentRecorded;
      expect(lines(event)).toEqual([
        ['QZ-ASSIST:expense:medical_assistance_payments', 'debit', '480000.00'],
        ['QZ-ASSIST:cash', 'credit', '480000.00'],
      ]);
      expect(event.data.payee).toEqual({ kind: 'members', memberCount: 240 });
    });

    it('refuses a payment before its approval (422 PAID_BEFORE_APPROVAL)', () => {
      given(fundBookDecider).when(assistance('2025-07-16'), JULY).thenRejects({ code: FundBookErrorCodes.PAID_BEFORE_APPROVAL, field: 'approvedDate' });
    });

    it('is paid only by the medical-assistance fund', () => {
      given(fundBookDecider).when(assistance('2025-07-10', { fundId: RES, fundKind: 'resident_pooled' }), JULY).thenThrows(FundBookErrorCodes.FUND_KIND_MISMATCH);
    });

    it('400 at memberCount for an empty batch', () => {
      given(fundBookDecider).when(assistance('2025-07-10', { payee: { kind: 'members', memberCount: 0 } }), JULY).thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'memberCount' });
    });
  });

  describe('critical-illness insurance premium (大病保险)', () => {
    const premium = (overrides = {}) =>
      payment(
        { category: 'critical_illness_premium', coverageYear: 2025, perCapitaYuan: '65.50', insuredCount: 752232 },
        { payee: toPayee('INS-PICC', 'insurer'), amountYuan: undefined, ...overrides },
      );

    it('computes per capita × insured count and records both inputs', () => {
      const event = decided(premium());
      expect(event.data).toMatchObject({
        amountYuan: '49271196.00',
        details: { category: 'critical_illness_premium', coverageYear: 2025, perCapitaYuan: '65.50', insuredCount: 752232 },
      });
      expect(lines(event)).toEqual([
        [`${RES}:expense:critical_illness_premiums`, 'debit', '49271196.00'],
        [`${RES}:cash`, 'credit', '49271196.00'],
      ]);
    });

    it('refuses an amount sent (it is computed) and a fund other than the resident pooled fund', () => {
      given(fundBookDecider, opened).when(premium({ amountYuan: '1.00' }), JULY).thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'amountYuan' });
      given(fundBookDecider).when(premium(POOLED), JULY).thenThrows(FundBookErrorCodes.FUND_KIND_MISMATCH);
    });
  });

  describe('supplier settlements for centrally procured goods (R-PAY-14)', () => {
    const supplier = (overrides = {}) =>
      payment(
        { category: 'supplier_settlement', forHospitalId: 'H-001', forHospitalType: 'hospital', goods: 'drugs' },
        { payee: toPayee('SUP-9', 'supplier'), amountYuan: '295200.00', ...overrides },
      );

    it("is not an expense: Dr the hospital's paid_on_behalf / Cr cash, an open item against its settlement", () => {
      const event = decided(supplier());
      expect(lines(event)).toEqual([
        [`${RES}:hospital:H-001:paid_on_behalf`, 'debit', '295200.00'],
        [`${RES}:cash`, 'credit', '295200.00'],
      ]);
      expect(event.data.postings.some((p) => p.account.includes(':expense:'))).toBe(false);
      expect(event.data.openItem).toEqual({ itemId: 'PAY-1', kind: 'paid_on_behalf', account: `${RES}:hospital:H-001:paid_on_behalf` });
    });

    it('refuses goods for a payee that is not a hospital or clinic', () => {
      given(fundBookDecider, opened)
        .when(payment({ category: 'supplier_settlement', forHospitalId: 'P-17', forHospitalType: 'pharmacy', goods: 'drugs' }, { payee: toPayee('SUP-9', 'supplier') }), JULY)
        .thenRejects({ code: FundBookErrorCodes.PAYEE_KIND_MISMATCH, field: 'forHospitalId' });
    });
  });

  describe('out-of-area care clearing (异地就医)', () => {
    const outOfArea = (direction: 'owed_to_platform' | 'owed_by_platform') =>
      payment({ category: 'out_of_area_clearing', direction }, { payee: toPayee('CH-PROV', 'clearing_house'), amountYuan: '3300000.00', personTimes: 410 });

    it('owed to the platform: Dr expense:out_of_area_care / Cr payable, until cleared', () => {
      const event = decided(outOfArea('owed_to_platform'));
      expect(lines(event)).toEqual([
        [`${RES}:expense:out_of_area_care`, 'debit', '3300000.00'],
        [`${RES}:payable:CH-PROV`, 'credit', '3300000.00'],
      ]);
      expect(event.data.openItem?.kind).toBe('out_of_area_payable');
    });

    it("owed by the platform (other regions' members treated here): Dr receivable / Cr cash", () => {
      const event = decided(outOfArea('owed_by_platform'));
      expect(lines(event)).toEqual([
        [`${RES}:receivable:CH-PROV`, 'debit', '3300000.00'],
        [`${RES}:cash`, 'credit', '3300000.00'],
      ]);
      expect(event.data.openItem?.kind).toBe('out_of_area_receivable');
    });
  });

  describe('earmarked advances (R-PAY-12/13)', () => {
    it('advances to a recipient as a receivable: Dr advance / Cr cash', () => {
      const event = decided(
        payment(
          { category: 'earmarked_advance', earmarkId: 'COVID-19', purpose: '确诊和疑似患者费用预付' },
          { payee: toPayee('H-004', 'hospital'), amountYuan: '1000000.00' },
        ),
      );
      expect(lines(event)).toEqual([
        [`${RES}:advance:H-004`, 'debit', '1000000.00'],
        [`${RES}:cash`, 'credit', '1000000.00'],
      ]);
    });
  });

  describe('every payment', () => {
    it('refuses one dated on or before the opening balance (422 BEFORE_OPENING_BALANCE)', () => {
      given(fundBookDecider, opened)
        .when(payment(reimbursement({ dischargeDate: '2025-06-01', filedDate: '2025-06-20' })), OPENING_DAY)
        .thenRejects({ code: FundBookErrorCodes.BEFORE_OPENING_BALANCE, field: 'effectiveDate' });
    });

    it('refuses one in a fund-year the fund close closed (422 PERIOD_CLOSED)', () => {
      given(fundBookDecider, opened)
        .when(payment(reimbursement(), { yearClosed: true }), JULY)
        .thenRejects({ kind: 'business_rule', code: ErrorCodes.PERIOD_CLOSED, field: 'effectiveDate' });
    });

    it('refuses a payment id booked before (409 PAYMENT_ALREADY_RECORDED)', () => {
      const paid = history([[openingBalance(), OPENING_DAY], [payment(reimbursement()), JULY]]);
      given(fundBookDecider, paid)
        .when(payment(reimbursement({ claimRef: 'CLAIM-0002' })), JULY)
        .thenRejects({ kind: 'conflict', code: FundBookErrorCodes.PAYMENT_ALREADY_RECORDED, field: 'paymentId' });
    });

    it.each([
      ['category', { details: { category: 'lottery' } as never }],
      ['period', { period: '2025-13' }],
      ['batchRef', { batchRef: '' }],
      ['amountYuan', { amountYuan: '-5.00' }],
      ['amountYuan', { amountYuan: undefined }],
      ['personTimes', { personTimes: 1.5 }],
      ['payeeId', { payee: { kind: 'payee', payeeId: 'a:b', payeeType: 'pharmacy' } as never }],
      ['paymentId', { paymentId: 'x'.repeat(65) }],
    ])('400 INVALID_FIELD at %s', (field, overrides) => {
      given(fundBookDecider, opened).when(payment(reimbursement(), overrides), JULY).thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field });
    });

    it('R-ACC-1 in the decider: a posting into another fund, or across the pooled fund and the personal accounts, is a bug', () => {
      const stray = [
        { fundId: RES, account: `${RES}:cash`, side: 'credit' as const, amountYuan: '1.00' },
        { fundId: 'OTHER', account: 'OTHER:cash', side: 'debit' as const, amountYuan: '1.00' },
      ];
      expect(() => assertOwnFund('FundPaymentRecorded', stray, RES, 'resident_pooled')).toThrow(/another fund/);
      const unbalanced = [{ fundId: RES, account: `${RES}:cash`, side: 'credit' as const, amountYuan: '1.00' }];
      expect(() => assertOwnFund('FundPaymentRecorded', unbalanced, RES, 'resident_pooled')).toThrow(/do not balance/);
    });
  });
});
