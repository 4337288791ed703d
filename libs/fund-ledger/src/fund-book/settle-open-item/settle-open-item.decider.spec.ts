import { ErrorCodes } from '../../shared/domain-error';
import { given } from '../../test/decider-specification';
import { fundBookDecider } from '../fund-book.decider';
import { FundBookErrorCodes } from '../fund-book.errors';
import { OpenItemSettled } from '../fund-book.events';
import { chunkedGet } from '../chunked-map';
import { history, JULY, on, OPENING_DAY, openingBalance, payment, settle, toPayee, RES } from '../test/fund-book-fixtures';

const advance = payment(
  { category: 'earmarked_advance', earmarkId: 'CANCER-DRUGS', purpose: '抗癌药单独核算预拨' },
  { paymentId: 'ADV-1', payee: toPayee('H-004', 'hospital'), amountYuan: '126000.00' },
);
const owedToPlatform = payment(
  { category: 'out_of_area_clearing', direction: 'owed_to_platform' },
  { paymentId: 'OOA-OUT', payee: toPayee('CH-PROV', 'clearing_house'), amountYuan: '3300000.00' },
);
const owedByPlatform = payment(
  { category: 'out_of_area_clearing', direction: 'owed_by_platform' },
  { paymentId: 'OOA-IN', payee: toPayee('CH-PROV', 'clearing_house'), amountYuan: '1200000.00' },
);
const supplier = payment(
  { category: 'supplier_settlement', forHospitalId: 'H-001', forHospitalType: 'hospital', goods: 'consumables' },
  { paymentId: 'SUP-1', payee: toPayee('SUP-9', 'supplier'), amountYuan: '110600.00' },
);
const reimbursed = payment(
  { category: 'individual_reimbursement', claimRef: 'C-1', dischargeDate: '2025-07-01', filedDate: '2025-07-02', filingDeadlineDays: 30 },
  { paymentId: 'RB-1' },
);

const book = history([
  [openingBalance(), OPENING_DAY],
  [advance, JULY],
  [owedToPlatform, JULY],
  [owedByPlatform, JULY],
  [supplier, JULY],
  [reimbursed, JULY],
]);
const AUGUST = on('2025-08-20');
const lines = (event: OpenItemSettled) => event.data.postings.map((p) => [p.account, p.side, p.amountYuan]);
const settled = (overrides: Parameters<typeof settle>[0], past = book) =>
  given(fundBookDecider, past).when(settle(overrides), AUGUST).thenEvents();

describe('SettleOpenItem', () => {
  it('R-PAY-13: a partial repayment of an advance leaves the rest outstanding (Dr cash / Cr advance)', () => {
    const { events, state } = settled({ itemId: 'ADV-1', action: 'repay_advance', amountYuan: '26000.00' });
    expect(lines(events[0] as OpenItemSettled)).toEqual([
      [`${RES}:cash`, 'debit', '26000.00'],
      [`${RES}:advance:H-004`, 'credit', '26000.00'],
    ]);
    expect(events[0]!.data).toMatchObject({ itemKind: 'earmarked_advance', outstandingBeforeYuan: '126000.00', outstandingAfterYuan: '100000.00' });
    expect(chunkedGet(state.openItems, 'ADV-1')?.outstanding.toFixed(2)).toBe('100000.00');
  });

  it('R-PAY-12: converts the rest into settled spending and closes the item (Dr expense:earmarked_settlements)', () => {
    const partly = [...book, ...given(fundBookDecider, book).when(settle({ itemId: 'ADV-1', amountYuan: '26000.00' }), AUGUST).events()];
    const { events, state } = settled({ settlementId: 'SET-2', itemId: 'ADV-1', action: 'convert_advance', amountYuan: '100000.00', period: '2025-07' }, partly);
    expect(lines(events[0] as OpenItemSettled)).toEqual([
      [`${RES}:expense:earmarked_settlements`, 'debit', '100000.00'],
      [`${RES}:advance:H-004`, 'credit', '100000.00'],
    ]);
    expect(chunkedGet(state.openItems, 'ADV-1')).toBeUndefined();
    // Settled in full: a further settlement finds nothing open (404).
    given(fundBookDecider, [...partly, ...events])
      .when(settle({ settlementId: 'SET-3', itemId: 'ADV-1', amountYuan: '1.00' }), AUGUST)
      .thenRejects({ kind: 'not_found', code: FundBookErrorCodes.OPEN_ITEM_NOT_FOUND, field: 'itemId' });
  });

  it('clears out-of-area items: the payable is paid (Dr payable / Cr cash), the receivable collected (Dr cash / Cr receivable)', () => {
    const paid = settled({ itemId: 'OOA-OUT', action: 'clear_out_of_area', amountYuan: '3300000.00' }).events[0] as OpenItemSettled;
    expect(lines(paid)).toEqual([
      [`${RES}:payable:CH-PROV`, 'debit', '3300000.00'],
      [`${RES}:cash`, 'credit', '3300000.00'],
    ]);
    const collected = settled({ itemId: 'OOA-IN', action: 'clear_out_of_area', amountYuan: '1200000.00' }).events[0] as OpenItemSettled;
    expect(lines(collected)).toEqual([
      [`${RES}:cash`, 'debit', '1200000.00'],
      [`${RES}:receivable:CH-PROV`, 'credit', '1200000.00'],
    ]);
  });

  it("R-PAY-14: offsets goods paid on a hospital's behalf against its settlement of the month (Dr cash / Cr paid_on_behalf)", () => {
    const { events } = settled({ itemId: 'SUP-1', action: 'offset_paid_on_behalf', amountYuan: '110600.00', period: '2025-07', reference: 'SETTLE-H-001-2025-07' });
    expect(lines(events[0] as OpenItemSettled)).toEqual([
      [`${RES}:cash`, 'debit', '110600.00'],
      [`${RES}:hospital:H-001:paid_on_behalf`, 'credit', '110600.00'],
    ]);
    expect(events[0]!.data).toMatchObject({ period: '2025-07', reference: 'SETTLE-H-001-2025-07', outstandingAfterYuan: '0.00' });
  });

  describe('refuses', () => {
    it('a settlement in a closed fund-year (422 PERIOD_CLOSED)', () => {
      given(fundBookDecider, book).when(settle({ itemId: 'ADV-1', yearClosed: true }), AUGUST).thenRejects({ code: ErrorCodes.PERIOD_CLOSED, field: 'effectiveDate' });
    });

    it('more than is outstanding (422 AMOUNT_EXCEEDS_OUTSTANDING)', () => {
      given(fundBookDecider, book)
        .when(settle({ itemId: 'ADV-1', amountYuan: '126000.01' }), AUGUST)
        .thenRejects({ kind: 'business_rule', code: FundBookErrorCodes.AMOUNT_EXCEEDS_OUTSTANDING, field: 'amountYuan' });
    });

    it.each([
      ['ADV-1', 'clear_out_of_area'],
      ['OOA-OUT', 'repay_advance'],
      ['SUP-1', 'convert_advance'],
      ['OOA-IN', 'offset_paid_on_behalf'],
    ] as const)('%s settled by %s (422 OPEN_ITEM_KIND_MISMATCH)', (itemId, action) => {
      const period = action === 'convert_advance' || action === 'offset_paid_on_behalf' ? '2025-07' : undefined;
      given(fundBookDecider, book)
        .when(settle({ itemId, action, amountYuan: '1.00', ...(period ? { period } : {}) }), AUGUST)
        .thenRejects({ code: FundBookErrorCodes.OPEN_ITEM_KIND_MISMATCH, field: 'itemId' });
    });

    it('a payment that opened no item, and an unknown item (404 OPEN_ITEM_NOT_FOUND)', () => {
      for (const itemId of ['RB-1', 'NOPE']) {
        given(fundBookDecider, book).when(settle({ itemId }), AUGUST).thenRejects({ code: FundBookErrorCodes.OPEN_ITEM_NOT_FOUND });
      }
    });

    it('a settlement id used before, even for another item (409)', () => {
      const once = [...book, ...given(fundBookDecider, book).when(settle({ itemId: 'ADV-1' }), AUGUST).events()];
      given(fundBookDecider, once)
        .when(settle({ itemId: 'OOA-OUT', action: 'clear_out_of_area' }), AUGUST)
        .thenRejects({ kind: 'conflict', code: FundBookErrorCodes.PAYMENT_ALREADY_RECORDED, field: 'settlementId' });
    });

    it.each([
      ['period', { action: 'convert_advance' as const }],
      ['period', { action: 'repay_advance' as const, period: '2025-07' }],
      ['amountYuan', { amountYuan: '0' }],
      ['action', { action: 'forgive' as never }],
      ['reference', { reference: '' }],
    ])('400 INVALID_FIELD at %s', (field, overrides) => {
      given(fundBookDecider, book).when(settle({ itemId: 'ADV-1', ...overrides }), AUGUST).thenRejects({ code: ErrorCodes.INVALID_FIELD, field });
    });
  });
});
