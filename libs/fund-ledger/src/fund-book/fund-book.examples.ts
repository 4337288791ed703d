import { FundBookErrorCodes, type FundBookErrorCode } from './fund-book.errors';

/**
 * The fund book's part of the API documentation: request examples in workflow order and the meaning of
 * its problem codes. Plain data, shaped like application/request-examples.ts (operation -> examples) and
 * the problem catalog (code -> status and meaning), for the documentation's owner to splice in. They
 * assume the funds RES-POOLED, EMP-POOLED, EMP-PERSONAL, MED-AID and the hospital H-001 are registered
 * and that RES-POOLED has no collections before 2025-01 (test/e2e/fund-book.e2e.spec.ts posts them all).
 */
export interface FundBookExample {
  readonly name: string;
  readonly summary: string;
  readonly value: Readonly<Record<string, unknown>>;
}

const RES = 'RES-POOLED';
const ex = (name: string, summary: string, value: Record<string, unknown>): FundBookExample => ({ name, summary, value });
const counterparty = (payeeId: string, name: string, type: string): FundBookExample =>
  ex(type, `Register ${name}`, { payeeId, name, type, level: 'none', class: 'counterparty', region: '泉州市', effectiveDate: '2025-01-01' });

/** Payees the fund book pays besides hospitals (POST /payees). */
export const FUND_BOOK_PAYEE_EXAMPLES: readonly FundBookExample[] = [
  counterparty('P-0017', '鲤城区定点零售药店', 'pharmacy'),
  counterparty('INS-PICC', '大病保险承办公司', 'insurer'),
  counterparty('SUP-DRUG-01', '药品集中采购配送企业', 'supplier'),
  counterparty('CH-FJ', '省异地就医结算平台', 'clearing_house'),
];

const pay = (path: string, example: FundBookExample) => [`POST /fund-book/payments/${path}`, [example]] as const;
const settle = (path: string, example: FundBookExample) => [`POST /fund-book/open-items/${path}`, [example]] as const;

export const FUND_BOOK_REQUEST_EXAMPLES: ReadonlyArray<readonly [operation: string, examples: readonly FundBookExample[]]> = [
  [
    'POST /fund-book/opening-balances',
    [
      ex('mid-life', 'Open the resident fund with its 2024 closing balances (期初余额)', {
        fundId: RES,
        evidenceRef: '2024年度城乡居民医保基金决算报表',
        lines: [
          { kind: 'bank_deposit', ref: 'ICBC-INCOME', amountYuan: '420000000.00' },
          { kind: 'bank_deposit', ref: 'ICBC-PAYMENT', amountYuan: '180000000.00' },
          { kind: 'hospital_receivable', ref: 'H-001', amountYuan: '120000.00' },
          { kind: 'unit_receivable', ref: 'U-0001', amountYuan: '35000.00' },
          { kind: 'payable', ref: 'H-001', amountYuan: '2500000.00' },
          { kind: 'earmarked_fund', ref: 'COVID-19', amountYuan: '2000000.00' },
          { kind: 'accumulated_surplus', amountYuan: '595655000.00' },
        ],
        effectiveDate: '2024-12-31',
      }),
    ],
  ],
  pay('critical-illness-premiums', ex('premium-2025', '大病保险: 65.50 per insured resident × 752,232', {
    fundId: RES, paymentId: 'CI-2025', payeeId: 'INS-PICC', period: '2025-01', batchRef: 'CI-2025-Q1', coverageYear: 2025, perCapitaYuan: '65.50', insuredCount: 752232, effectiveDate: '2025-01-15',
  })),
  pay('individual-reimbursements', ex('manual-claim', 'A manual reimbursement filed 18 days after discharge (R-PAY-10: within 30)', {
    fundId: RES, paymentId: 'RB-2025-03-0001', period: '2025-03', batchRef: 'RB-2025-03', claimRef: 'CLAIM-2025-000123', dischargeDate: '2025-03-02', filedDate: '2025-03-20', amountYuan: '3680.50', personTimes: 1, effectiveDate: '2025-03-25',
  })),
  pay('personal-account-settlements', ex('pharmacy-february', "A pharmacy's February personal-account spending (R-PAY-6)", {
    fundId: 'EMP-PERSONAL', paymentId: 'PA-P-0017-2025-02', payeeId: 'P-0017', period: '2025-02', batchRef: 'PA-2025-02', amountYuan: '52310.40', personTimes: 812, effectiveDate: '2025-03-05',
  })),
  pay('medical-assistance', ex('march-batch', "March's approved assistance onto 240 members' bank cards (R-PAY-17)", {
    fundId: 'MED-AID', paymentId: 'MA-2025-03', period: '2025-03', batchRef: 'MA-2025-03', memberCount: 240, approvalRef: 'APPR-2025-03', approvedDate: '2025-03-28', amountYuan: '480000.00', personTimes: 240, effectiveDate: '2025-03-31',
  })),
  pay('supplier-settlements', ex('drugs-for-h001', "Centrally procured drugs paid to the distributor for H-001 (R-PAY-14)", {
    fundId: 'EMP-POOLED', paymentId: 'SUP-2025-02-H-001', payeeId: 'SUP-DRUG-01', forHospitalId: 'H-001', goods: 'drugs', period: '2025-02', batchRef: 'JC-2025-02', amountYuan: '295200.00', effectiveDate: '2025-03-10',
  })),
  pay('out-of-area', ex('owed-to-platform', "Our members' February care in other regions, owed to the platform (异地就医)", {
    fundId: RES, paymentId: 'OOA-2025-02-OUT', payeeId: 'CH-FJ', direction: 'owed_to_platform', period: '2025-02', batchRef: 'YD-2025-02', amountYuan: '3300000.00', personTimes: 410, effectiveDate: '2025-03-15',
  })),
  pay('earmarked-advances', ex('covid-advance', 'An earmarked advance to the lead hospital for COVID patients (R-PAY-12)', {
    fundId: RES, paymentId: 'ADV-2025-COVID-H-001', payeeId: 'H-001', earmarkId: 'COVID-19', purpose: '确诊和疑似患者费用预付', period: '2025-01', batchRef: 'ZX-2025-01', amountYuan: '1000000.00', effectiveDate: '2025-01-20',
  })),
  settle('advance-repayments', ex('partial-repayment', 'The hospital repays 400,000 of the advance (回款, R-PAY-13)', {
    fundId: RES, settlementId: 'ADV-2025-COVID-H-001-R1', itemId: 'ADV-2025-COVID-H-001', amountYuan: '400000.00', reference: 'BANK-2025-04-0099', effectiveDate: '2025-04-10',
  })),
  settle('advance-conversions', ex('settled-spending', "The rest is accounted for as the patients' settled costs", {
    fundId: RES, settlementId: 'ADV-2025-COVID-H-001-C1', itemId: 'ADV-2025-COVID-H-001', amountYuan: '600000.00', reference: 'ZX-JS-2025-04', period: '2025-03', effectiveDate: '2025-04-30',
  })),
  settle('out-of-area-clearings', ex('platform-cleared', 'The platform clears February: the payable is paid', {
    fundId: RES, settlementId: 'OOA-2025-02-OUT-PAID', itemId: 'OOA-2025-02-OUT', amountYuan: '3300000.00', reference: 'YD-QS-2025-02', effectiveDate: '2025-04-15',
  })),
  settle('supplier-offsets', ex('offset-h001', "The drugs are offset against H-001's February settlement", {
    fundId: 'EMP-POOLED', settlementId: 'SUP-2025-02-H-001-OFFSET', itemId: 'SUP-2025-02-H-001', amountYuan: '295200.00', reference: 'SETTLE-H-001-2025-02', period: '2025-02', effectiveDate: '2025-03-10',
  })),
];

/** What each fund book code means (problem `type` pages). */
export const FUND_BOOK_PROBLEM_CODES: Readonly<Record<FundBookErrorCode, { status: number; meaning: string }>> = {
  [FundBookErrorCodes.OPEN_ITEM_NOT_FOUND]: { status: 404, meaning: 'No open item with this id in the fund book: never opened by a payment, or already settled in full.' },
  [FundBookErrorCodes.PAYMENT_ALREADY_RECORDED]: { status: 409, meaning: 'This paymentId or settlementId is already booked in the fund book (under another commandId): it would pay twice.' },
  [FundBookErrorCodes.OPENING_BALANCE_ALREADY_RECORDED]: { status: 422, meaning: 'The fund already has its opening balance (期初余额); a fund has one. Correct it with postings, not a second opening.' },
  [FundBookErrorCodes.OPENING_BALANCE_AFTER_POSTINGS]: { status: 422, meaning: "The fund already has money booked (in its fund book, or collections in the months the balances cover): the opening balance comes first." },
  [FundBookErrorCodes.OPENING_BALANCE_UNBALANCED]: { status: 422, meaning: 'The opening lines do not balance: deposits, receivables and any deficit must equal the surplus, payables and earmarked funds.' },
  [FundBookErrorCodes.BEFORE_OPENING_BALANCE]: { status: 422, meaning: 'The effectiveDate is on or before the opening balance as-of date: the amount is already inside the opening balance.' },
  [FundBookErrorCodes.FUND_KIND_MISMATCH]: { status: 422, meaning: 'This fund may not pay this category (e.g. personal-account spending from the pooled fund, R-ACC-1); the message names the fund and the category.' },
  [FundBookErrorCodes.PAYEE_KIND_MISMATCH]: { status: 422, meaning: 'The payee is not of a kind this category is paid to (e.g. the premium goes to an insurer; goods are bought for a hospital or clinic).' },
  [FundBookErrorCodes.FILING_DEADLINE_PASSED]: { status: 422, meaning: 'The claim was filed after the deadline (R-PAY-10: 30 calendar days after discharge, the last day included).' },
  [FundBookErrorCodes.PAID_BEFORE_APPROVAL]: { status: 422, meaning: 'Medical assistance is paid after it is approved (R-PAY-17): the approval is dated after the payment.' },
  [FundBookErrorCodes.OPEN_ITEM_KIND_MISMATCH]: { status: 422, meaning: 'This action does not settle this kind of item (repay/convert settle advances, clearings settle out-of-area items, offsets settle goods paid on a hospital\'s behalf).' },
  [FundBookErrorCodes.AMOUNT_EXCEEDS_OUTSTANDING]: { status: 422, meaning: 'The amount is more than the item still has outstanding.' },
};
