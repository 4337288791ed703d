import { randomUUID } from 'node:crypto';
import type { Role } from '@ledger/platform';
import { FUND_BOOK_PAYEE_EXAMPLES, FUND_BOOK_REQUEST_EXAMPLES } from '@ledger/fund-ledger/fund-book/fund-book.examples';
import { AppHarness } from '../support/app-harness';
import { documentedOperations, expectProblem, headPosition, registerFund, storedEvents, type CommandAnswer } from '../support/ledger-http';

type Body = Record<string, unknown>;

interface AccountsView {
  accounts: Array<{ account: string; balanceYuan: string }>;
}
interface TrialBalanceView {
  ok: boolean;
  byFund: Array<{ fundId: string; debitsYuan: string; creditsYuan: string; balanceYuan: string }>;
}

/**
 * The fund book over HTTP: a resident fund opened mid-life (2025-06-30) with its opening balance, one
 * payment of each category from the fund that may pay it, the open items settled, and the journal's
 * trial balance zero with the account balances each entry implies.
 */
describe('fund book over HTTP', () => {
  let harness: AppHarness;
  let last = '0';
  const RES = 'QZ-RES-POOL';
  const PERS = 'QZ-EMP-PERS';
  const ASSIST = 'QZ-ASSIST';

  const send = (path: string, body: Body, role: Role = 'finance') => harness.post<CommandAnswer>(`/fund-book${path}`, body, role);
  async function ok(path: string, body: Body): Promise<CommandAnswer> {
    const answer = await send(path, body);
    if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    last = answer.body.position ?? last;
    return answer.body;
  }
  async function payee(payeeId: string, type: string): Promise<void> {
    const answer = await harness.post('/payees', { payeeId, name: `${payeeId} 名称`, type, level: 'none', class: 'general', region: '鲤城区' }, 'finance');
    if (answer.status !== 201) throw new Error(`payee ${payeeId}: ${JSON.stringify(answer.body)}`);
  }

  const opening = (overrides: Body = {}): Body => ({
    fundId: RES,
    effectiveDate: '2025-06-30',
    evidenceRef: '2025年上半年基金结账报表',
    lines: [
      { kind: 'bank_deposit', ref: 'ICBC-001', amountYuan: '800000000.00' },
      { kind: 'bank_deposit', ref: 'CCB-002', amountYuan: '150000000.00' },
      { kind: 'hospital_receivable', ref: 'H-001', amountYuan: '1200000.00' },
      { kind: 'unit_receivable', ref: 'U-0001', amountYuan: '300000.00' },
      { kind: 'payable', ref: 'H-001', amountYuan: '25000000.00' },
      { kind: 'earmarked_fund', ref: 'COVID-19', amountYuan: '2000000.00' },
      { kind: 'accumulated_surplus', amountYuan: '924500000.00' },
    ],
    ...overrides,
  });
  const common = (overrides: Body = {}): Body => ({ fundId: RES, period: '2025-07', batchRef: 'B-2025-07', effectiveDate: '2025-07-15', ...overrides });

  beforeAll(async () => {
    harness = await AppHarness.start();
    await registerFund(harness, RES, 'resident_pooled');
    await registerFund(harness, PERS, 'employee_personal');
    await registerFund(harness, ASSIST, 'medical_assistance');
    await payee('H-001', 'hospital');
    await payee('P-17', 'pharmacy');
    await payee('INS-PICC', 'insurer');
    await payee('SUP-9', 'supplier');
    await payee('CH-PROV', 'clearing_house');
  });

  afterAll(async () => {
    await harness.stop();
  });

  describe('POST /fund-book/opening-balances', () => {
    it('400 naming the field, before anything is read: a bad amount, a missing as-of date', async () => {
      const bad = await send('/opening-balances', opening({ lines: [{ kind: 'bank_deposit', ref: 'A', amountYuan: '1.001' }] }));
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('lines[0].amountYuan');
      const { effectiveDate: _omitted, ...undated } = opening();
      expectProblem(await send('/opening-balances', undated), 400, 'INVALID_FIELD', 'effectiveDate');
    });

    it('422 OPENING_BALANCE_UNBALANCED, and nothing appended', async () => {
      const before = await headPosition(harness);
      const lines = (opening()['lines'] as Body[]).slice(0, 6);
      expectProblem(await send('/opening-balances', opening({ lines })), 422, 'OPENING_BALANCE_UNBALANCED', 'lines');
      expect(await headPosition(harness)).toBe(before);
    });

    it('404 PAYEE_NOT_FOUND naming the line', async () => {
      const lines = [{ kind: 'payable', ref: 'H-404', amountYuan: '1.00' }, { kind: 'bank_deposit', ref: 'A', amountYuan: '1.00' }];
      expectProblem(await send('/opening-balances', opening({ lines })), 404, 'PAYEE_NOT_FOUND', 'lines[0].ref');
    });

    it('opens the fund: 201, replayed on a retry, a second opening 422', async () => {
      const commandId = randomUUID();
      const first = await ok('/opening-balances', { ...opening(), commandId });
      expect(first.stream).toBe(`fundbook-${RES}`);
      expect(first.events[0]).toMatchObject({ type: 'OpeningBalanceRecorded', data: { asOfDate: '2025-06-30', debitsYuan: '951500000.00' } });
      const retry = await send('/opening-balances', { ...opening(), commandId });
      expect(retry.status).toBe(201);
      expect(retry.body).toMatchObject({ replayed: true, events: first.events });
      expectProblem(await send('/opening-balances', opening({ effectiveDate: '2025-07-01' })), 422, 'OPENING_BALANCE_ALREADY_RECORDED', 'fundId');
      const [stored] = await storedEvents(harness, `fundbook-${RES}`);
      expect(stored).toMatchObject({ type: 'OpeningBalanceRecorded' });
    });
  });

  describe('POST /fund-book/payments/*: one payment of each category', () => {
    it('pays each category from the fund that may pay it (201), each an idempotent command', async () => {
      const commandId = randomUUID();
      const reimbursement = common({ commandId, paymentId: 'RB-1', amountYuan: '1000.00', personTimes: 1, claimRef: 'CLAIM-1', dischargeDate: '2025-06-20', filedDate: '2025-07-10' });
      const paid = await ok('/payments/individual-reimbursements', reimbursement);
      expect(paid.events[0]).toMatchObject({ type: 'FundPaymentRecorded', data: { category: 'individual_reimbursement', details: { filingDeadline: '2025-07-20' } } });
      expect((await send('/payments/individual-reimbursements', reimbursement)).body).toMatchObject({ replayed: true, events: paid.events });
      expectProblem(await send('/payments/individual-reimbursements', { ...reimbursement, amountYuan: '999.00' }), 409, 'IDEMPOTENCY_KEY_REUSED', 'commandId');

      await ok('/payments/personal-account-settlements', common({ fundId: PERS, paymentId: 'PA-1', payeeId: 'P-17', amountYuan: '52310.40', personTimes: 812, effectiveDate: '2025-08-05' }));
      await ok('/payments/medical-assistance', common({ fundId: ASSIST, paymentId: 'MA-1', memberCount: 240, amountYuan: '480000.00', approvalRef: 'APPR-7', approvedDate: '2025-07-10' }));
      const premium = await ok('/payments/critical-illness-premiums', common({ paymentId: 'CI-1', payeeId: 'INS-PICC', coverageYear: 2025, perCapitaYuan: '65.50', insuredCount: 752232 }));
      expect(premium.events[0]!.data).toMatchObject({ amountYuan: '49271196.00', details: { perCapitaYuan: '65.50', insuredCount: 752232 } });
      await ok('/payments/supplier-settlements', common({ paymentId: 'SUP-1', payeeId: 'SUP-9', forHospitalId: 'H-001', goods: 'drugs', amountYuan: '295200.00' }));
      await ok('/payments/out-of-area', common({ paymentId: 'OOA-OUT', payeeId: 'CH-PROV', direction: 'owed_to_platform', amountYuan: '3300000.00', personTimes: 410 }));
      await ok('/payments/out-of-area', common({ paymentId: 'OOA-IN', payeeId: 'CH-PROV', direction: 'owed_by_platform', amountYuan: '1200000.00' }));
      await ok('/payments/earmarked-advances', common({ paymentId: 'ADV-1', payeeId: 'H-001', earmarkId: 'COVID-19', purpose: '确诊和疑似患者费用预付', amountYuan: '1000000.00' }));
    });

    it('refuses what the rules forbid, naming the field, and appends nothing', async () => {
      const before = await headPosition(harness);
      const refused = await send('/payments/personal-account-settlements', common({ payeeId: 'P-17', amountYuan: '1.00' }));
      expectProblem(refused, 422, 'FUND_KIND_MISMATCH', 'fundId');
      expect(refused.body).toMatchObject({ detail: expect.stringMatching(new RegExp(`${RES}.*personal_account_spending`)) });
      const late = common({ amountYuan: '1.00', claimRef: 'CLAIM-2', dischargeDate: '2025-06-10', filedDate: '2025-07-11' });
      expectProblem(await send('/payments/individual-reimbursements', late), 422, 'FILING_DEADLINE_PASSED', 'filedDate');
      const early = common({ amountYuan: '1.00', claimRef: 'CLAIM-3', dischargeDate: '2025-06-10', filedDate: '2025-06-12', effectiveDate: '2025-06-30' });
      expectProblem(await send('/payments/individual-reimbursements', early), 422, 'BEFORE_OPENING_BALANCE', 'effectiveDate');
      expectProblem(await send('/payments/critical-illness-premiums', common({ payeeId: 'SUP-9', coverageYear: 2025, perCapitaYuan: '1.00', insuredCount: 1 })), 422, 'PAYEE_KIND_MISMATCH', 'payeeId');
      expectProblem(await send('/payments/earmarked-advances', common({ payeeId: 'H-404', earmarkId: 'X', purpose: 'p', amountYuan: '1.00' })), 404, 'PAYEE_NOT_FOUND', 'payeeId');
      const again = common({ paymentId: 'ADV-1', payeeId: 'H-001', earmarkId: 'COVID-19', purpose: 'again', amountYuan: '1.00' });
      expectProblem(await send('/payments/earmarked-advances', again), 409, 'PAYMENT_ALREADY_RECORDED', 'paymentId');
      const badPeriod = await send('/payments/out-of-area', common({ period: '2025-7', payeeId: 'CH-PROV', direction: 'owed_to_platform', amountYuan: '1.00' }));
      expect(badPeriod.status).toBe(400);
      expect(JSON.stringify(badPeriod.body)).toContain('period');
      expect((await send('/payments/medical-assistance', common({ fundId: ASSIST, memberCount: 1, amountYuan: '1.00', approvalRef: 'A', approvedDate: '2025-07-01' }), 'planner')).status).toBe(403);
      expect(await headPosition(harness)).toBe(before);
    });

    it('refuses an opening balance for a fund whose book has posted money (422 OPENING_BALANCE_AFTER_POSTINGS)', async () => {
      const lines = [{ kind: 'bank_deposit', ref: 'A', amountYuan: '1.00' }, { kind: 'accumulated_surplus', amountYuan: '1.00' }];
      expectProblem(await send('/opening-balances', opening({ fundId: PERS, lines })), 422, 'OPENING_BALANCE_AFTER_POSTINGS', 'fundId');
    });

    it("refuses an opening balance whose months already hold the fund's own collections, not later ones", async () => {
      const lines = [{ kind: 'bank_deposit', ref: 'A', amountYuan: '250.00' }, { kind: 'accumulated_surplus', amountYuan: '250.00' }];
      for (const [fundId, period] of [['QZ-RES-B', '2025-05'], ['QZ-RES-C', '2025-07']] as const) {
        await registerFund(harness, fundId, 'resident_pooled');
        const collected = await harness.post('/contributions', { fundId, source: 'individual', amountYuan: '380.00', period }, 'finance');
        expect(collected.status).toBe(201);
      }
      const refused = await send('/opening-balances', opening({ fundId: 'QZ-RES-B', lines }));
      expectProblem(refused, 422, 'OPENING_BALANCE_AFTER_POSTINGS', 'effectiveDate');
      expect(refused.body).toMatchObject({ detail: expect.stringContaining('contributions-QZ-RES-B-2025-05') });
      expect((await send('/opening-balances', opening({ fundId: 'QZ-RES-C', lines }))).status).toBe(201);
    });
  });

  describe('POST /fund-book/open-items/*', () => {
    it('repays and converts the advance, clears the platform items, offsets the supplier payment', async () => {
      const settle = (path: string, body: Body) => ok(`/open-items/${path}`, { fundId: RES, reference: 'SLIP-1', effectiveDate: '2025-08-20', ...body });
      const repaid = await settle('advance-repayments', { itemId: 'ADV-1', amountYuan: '400000.00' });
      expect(repaid.events[0]!.data).toMatchObject({ outstandingAfterYuan: '600000.00' });
      expectProblem(await send('/open-items/advance-conversions', { fundId: RES, itemId: 'ADV-1', amountYuan: '600000.01', reference: 'R', period: '2025-07', effectiveDate: '2025-08-20' }), 422, 'AMOUNT_EXCEEDS_OUTSTANDING', 'amountYuan');
      await settle('advance-conversions', { itemId: 'ADV-1', amountYuan: '600000.00', period: '2025-07' });
      await settle('out-of-area-clearings', { itemId: 'OOA-OUT', amountYuan: '3300000.00' });
      await settle('out-of-area-clearings', { itemId: 'OOA-IN', amountYuan: '1200000.00' });
      await settle('supplier-offsets', { itemId: 'SUP-1', amountYuan: '295200.00', period: '2025-07' });
      expectProblem(await send('/open-items/advance-repayments', { fundId: RES, itemId: 'ADV-1', amountYuan: '1.00', reference: 'R', effectiveDate: '2025-08-21' }), 404, 'OPEN_ITEM_NOT_FOUND', 'itemId');
      expectProblem(await send('/open-items/advance-repayments', { fundId: RES, itemId: 'RB-1', amountYuan: '1.00', reference: 'R', effectiveDate: '2025-08-21' }), 404, 'OPEN_ITEM_NOT_FOUND', 'itemId');
    });
  });

  it('documents every fund book endpoint with its 201, 400, 403, 404 and 422 answers', async () => {
    const paths = await documentedOperations(harness);
    const routes = [
      'opening-balances',
      ...['individual-reimbursements', 'personal-account-settlements', 'medical-assistance', 'critical-illness-premiums', 'supplier-settlements', 'out-of-area', 'earmarked-advances'].map((p) => `payments/${p}`),
      ...['advance-repayments', 'advance-conversions', 'out-of-area-clearings', 'supplier-offsets'].map((p) => `open-items/${p}`),
    ];
    for (const route of routes) {
      expect([route, Object.keys(paths[`/fund-book/${route}`]?.['post']?.responses ?? {})]).toEqual([route, expect.arrayContaining(['201', '400', '403', '404', '422'])]);
    }
  });

  describe('the journal', () => {
    it('balances in every fund, with the balances the entries imply', async () => {
      const trial = await harness.get<TrialBalanceView>(`/journal/trial-balance?minPosition=${last}`);
      expect(trial.status).toBe(200);
      expect(trial.body.ok).toBe(true);
      for (const fund of trial.body.byFund) expect([fund.fundId, fund.balanceYuan]).toEqual([fund.fundId, '0.00']);

      const answer = await harness.get<AccountsView>(`/journal/accounts?fundId=${RES}&minPosition=${last}`);
      const balance = (account: string) => answer.body.accounts.find((a) => a.account === `${RES}:${account}`)?.balanceYuan;
      expect({
        cash: balance('cash'),
        surplus: balance('net_assets:accumulated_surplus'),
        earmarked: balance('net_assets:earmarked:COVID-19'),
        reimbursements: balance('expense:individual_reimbursements'),
        premiums: balance('expense:critical_illness_premiums'),
        outOfArea: balance('expense:out_of_area_care'),
        earmarkedSettled: balance('expense:earmarked_settlements'),
        advance: balance('advance:H-001'),
        paidOnBehalf: balance('hospital:H-001:paid_on_behalf'),
        platformPayable: balance('payable:CH-PROV'),
        platformReceivable: balance('receivable:CH-PROV'),
        hospitalPayable: balance('payable:H-001'),
        hospitalReceivable: balance('hospital:H-001:receivable'),
      }).toEqual({
        // 950,000,000 opened - 1,000 - 49,271,196 - 295,200 - 1,200,000 - 1,000,000 + 400,000 - 3,300,000 + 1,200,000 + 295,200
        cash: '896827804.00',
        surplus: '-924500000.00',
        earmarked: '-2000000.00',
        reimbursements: '1000.00',
        premiums: '49271196.00',
        outOfArea: '3300000.00',
        earmarkedSettled: '600000.00',
        advance: '0.00',
        paidOnBehalf: '0.00',
        platformPayable: '0.00',
        platformReceivable: '0.00',
        hospitalPayable: '-25000000.00',
        hospitalReceivable: '1200000.00',
      });
      const personal = await harness.get<AccountsView>(`/journal/accounts?fundId=${PERS}&minPosition=${last}`);
      expect(personal.body.accounts.map((a) => [a.account, a.balanceYuan])).toEqual([
        [`${PERS}:cash`, '-52310.40'],
        [`${PERS}:expense:personal_account_spending`, '52310.40'],
      ]);
    });
  });
});

/** The fund book's documentation examples, posted in order on a fresh app, all succeed and keep the books balanced. */
describe('fund book request examples', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    harness = await AppHarness.start();
    for (const [fundId, kind] of [['RES-POOLED', 'resident_pooled'], ['EMP-POOLED', 'employee_pooled'], ['EMP-PERSONAL', 'employee_personal'], ['MED-AID', 'medical_assistance']] as const) {
      await registerFund(harness, fundId, kind);
    }
    const hospital = await harness.post('/payees', { payeeId: 'H-001', name: '泉州市第一医院', type: 'hospital', level: 'tertiary', class: 'general', region: '鲤城区' }, 'finance');
    expect(hospital.status).toBe(201);
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('answers 201 to each, in workflow order, and the trial balance stays zero', async () => {
    const answers: Array<[string, number]> = [];
    let position = '0';
    const examples = [['POST /payees', FUND_BOOK_PAYEE_EXAMPLES] as const, ...FUND_BOOK_REQUEST_EXAMPLES];
    for (const [operation, list] of examples) {
      for (const example of list) {
        const answer = await harness.post<CommandAnswer>(operation.replace(/^POST /, ''), { ...example.value }, 'finance');
        answers.push([`${operation}#${example.name}`, answer.status]);
        position = answer.body.position ?? position;
      }
    }
    expect(answers.filter(([, status]) => status !== 201)).toEqual([]);
    expect(answers).toHaveLength(16);
    const trial = await harness.get<TrialBalanceView>(`/journal/trial-balance?minPosition=${position}`);
    expect(trial.body.ok).toBe(true);
  });
});
