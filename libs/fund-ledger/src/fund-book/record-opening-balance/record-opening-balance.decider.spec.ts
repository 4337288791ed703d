import { ErrorCodes } from '../../shared/domain-error';
import { given } from '../../test/decider-specification';
import { fundBookDecider } from '../fund-book.decider';
import { FundBookErrorCodes } from '../fund-book.errors';
import { history, JULY, on, OPENING_DAY, openingBalance, payment, reimbursement, RES } from '../test/fund-book-fixtures';

describe('RecordOpeningBalance (期初余额)', () => {
  it('opens a fund mid-life: one posting per line, debits = credits, bank accounts on the fund cash', () => {
    given(fundBookDecider)
      .when(openingBalance(), OPENING_DAY)
      .then([
        {
          type: 'OpeningBalanceRecorded',
          data: {
            fundId: RES,
            fundKind: 'resident_pooled',
            asOfDate: '2025-06-30',
            evidenceRef: 'QZ-RES-2025H1-结账报表',
            lines: [
              { kind: 'bank_deposit', ref: 'ICBC-001', amountYuan: '800000000.00', account: `${RES}:cash`, side: 'debit' },
              { kind: 'bank_deposit', ref: 'CCB-002', amountYuan: '150000000.00', account: `${RES}:cash`, side: 'debit' },
              { kind: 'hospital_receivable', ref: 'H-001', amountYuan: '1200000.00', account: `${RES}:hospital:H-001:receivable`, side: 'debit' },
              { kind: 'unit_receivable', ref: 'U-0001', amountYuan: '300000.00', account: `${RES}:unit:U-0001:contributions_receivable`, side: 'debit' },
              { kind: 'payable', ref: 'H-002', amountYuan: '25000000.00', account: `${RES}:payable:H-002`, side: 'credit' },
              { kind: 'earmarked_fund', ref: 'COVID-19', amountYuan: '2000000.00', account: `${RES}:net_assets:earmarked:COVID-19`, side: 'credit' },
              { kind: 'accumulated_surplus', ref: null, amountYuan: '924500000.00', account: `${RES}:net_assets:accumulated_surplus`, side: 'credit' },
            ],
            debitsYuan: '951500000.00',
            creditsYuan: '951500000.00',
            postings: [
              { fundId: RES, account: `${RES}:cash`, side: 'debit', amountYuan: '800000000.00' },
              { fundId: RES, account: `${RES}:cash`, side: 'debit', amountYuan: '150000000.00' },
              { fundId: RES, account: `${RES}:hospital:H-001:receivable`, side: 'debit', amountYuan: '1200000.00' },
              { fundId: RES, account: `${RES}:unit:U-0001:contributions_receivable`, side: 'debit', amountYuan: '300000.00' },
              { fundId: RES, account: `${RES}:payable:H-002`, side: 'credit', amountYuan: '25000000.00' },
              { fundId: RES, account: `${RES}:net_assets:earmarked:COVID-19`, side: 'credit', amountYuan: '2000000.00' },
              { fundId: RES, account: `${RES}:net_assets:accumulated_surplus`, side: 'credit', amountYuan: '924500000.00' },
            ],
          },
        },
      ]);
  });

  it('books an accumulated deficit (累计赤字) as a debit on the same net-assets account', () => {
    const [event] = given(fundBookDecider)
      .when(
        openingBalance({
          lines: [
            { kind: 'bank_deposit', ref: 'ICBC-001', amountYuan: '100.00' },
            { kind: 'accumulated_deficit', amountYuan: '50.00' },
            { kind: 'payable', ref: 'H-002', amountYuan: '150.00' },
          ],
        }),
        OPENING_DAY,
      )
      .events();
    expect(event!.data.postings[1]).toEqual({ fundId: RES, account: `${RES}:net_assets:accumulated_surplus`, side: 'debit', amountYuan: '50.00' });
  });

  it('lets later payments post only after its as-of date', () => {
    const { state } = given(fundBookDecider).when(openingBalance(), OPENING_DAY).thenEvents();
    expect(state).toMatchObject({ openingAsOf: '2025-06-30', postingEvents: 0 });
  });

  describe('refuses', () => {
    const opened = history([[openingBalance(), OPENING_DAY]]);

    it('a second opening balance (422 OPENING_BALANCE_ALREADY_RECORDED)', () => {
      given(fundBookDecider, opened)
        .when(openingBalance(), on('2025-07-01'))
        .thenRejects({ kind: 'business_rule', code: FundBookErrorCodes.OPENING_BALANCE_ALREADY_RECORDED, field: 'fundId' });
    });

    it('an opening balance after the fund book posted money (422 OPENING_BALANCE_AFTER_POSTINGS)', () => {
      const paid = history([[payment(reimbursement()), JULY]]);
      given(fundBookDecider, paid)
        .when(openingBalance(), OPENING_DAY)
        .thenRejects({ kind: 'business_rule', code: FundBookErrorCodes.OPENING_BALANCE_AFTER_POSTINGS, field: 'fundId' });
    });

    it('an opening balance whose period already has money in the fund\'s contributions streams (422 OPENING_BALANCE_AFTER_POSTINGS)', () => {
      const error = given(fundBookDecider)
        .when(openingBalance({ moneyElsewhere: [`contributions-${RES}-2025-05`] }), OPENING_DAY)
        .thenRejects({ kind: 'business_rule', code: FundBookErrorCodes.OPENING_BALANCE_AFTER_POSTINGS, field: 'effectiveDate' });
      expect(error.message).toContain(`contributions-${RES}-2025-05`);
    });

    it('lines that do not balance (422 OPENING_BALANCE_UNBALANCED naming lines)', () => {
      const lines = openingBalance().lines.map((line) =>
        line.kind === 'accumulated_surplus' ? { ...line, amountYuan: '924499999.99' } : line,
      );
      const error = given(fundBookDecider)
        .when(openingBalance({ lines }), OPENING_DAY)
        .thenRejects({ kind: 'business_rule', code: FundBookErrorCodes.OPENING_BALANCE_UNBALANCED, field: 'lines' });
      expect(error.message).toContain('951500000.00');
    });

    it('a hospital receivable from a payee that is not a hospital or clinic (422 PAYEE_KIND_MISMATCH)', () => {
      given(fundBookDecider)
        .when(openingBalance({ payeeTypes: new Map([['H-001', 'insurer'], ['H-002', 'hospital']]) }), OPENING_DAY)
        .thenRejects({ code: FundBookErrorCodes.PAYEE_KIND_MISMATCH, field: 'lines[2].ref' });
    });

    it.each([
      ['lines', { lines: [] }],
      ['lines[0].kind', { lines: [{ kind: 'cash_in_hand' as never, ref: 'X', amountYuan: '1.00' }] }],
      ['lines[0].amountYuan', { lines: [{ kind: 'bank_deposit' as const, ref: 'X', amountYuan: '0.00' }] }],
      ['lines[0].amountYuan', { lines: [{ kind: 'bank_deposit' as const, ref: 'X', amountYuan: '1.001' }] }],
      ['lines[0].ref', { lines: [{ kind: 'bank_deposit' as const, amountYuan: '1.00' }] }],
      ['lines[0].ref', { lines: [{ kind: 'accumulated_surplus' as const, ref: 'X', amountYuan: '1.00' }] }],
      ['lines[0].ref', { lines: [{ kind: 'unit_receivable' as const, ref: 'U:1', amountYuan: '1.00' }] }],
      [
        'lines[1]',
        {
          lines: [
            { kind: 'accumulated_surplus' as const, amountYuan: '1.00' },
            { kind: 'accumulated_deficit' as const, amountYuan: '1.00' },
          ],
        },
      ],
      [
        'lines[1]',
        {
          lines: [
            { kind: 'bank_deposit' as const, ref: 'A', amountYuan: '1.00' },
            { kind: 'bank_deposit' as const, ref: 'A', amountYuan: '1.00' },
          ],
        },
      ],
      ['evidenceRef', { evidenceRef: ' ' }],
      ['evidenceRef', { evidenceRef: 'x'.repeat(201) }],
      ['fundId', { fundId: 'TREASURY' }],
    ])('400 INVALID_FIELD at %s', (field, overrides) => {
      given(fundBookDecider)
        .when(openingBalance(overrides), OPENING_DAY)
        .thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field });
    });

    it('more than 500 lines (400 at lines)', () => {
      const lines = Array.from({ length: 501 }, (_, i) => ({ kind: 'unit_receivable' as const, ref: `U-${i}`, amountYuan: '1.00' }));
      given(fundBookDecider).when(openingBalance({ lines }), OPENING_DAY).thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'lines' });
    });

    it('a payee line the handler did not look up (its bug: invariant)', () => {
      given(fundBookDecider)
        .when(openingBalance({ payeeTypes: new Map() }), OPENING_DAY)
        .thenViolatesInvariant(/was not looked up/);
    });
  });
});
