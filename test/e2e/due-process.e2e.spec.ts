import { randomUUID } from 'node:crypto';
import { mintToken, type Role } from '@ledger/platform';
import { AppHarness, TEST_JWT_SECRET, type HttpAnswer } from '../support/app-harness';
import { expectProblem, headPosition, registerFund, type CommandAnswer } from '../support/ledger-http';
import { signTestJwt } from '../support/test-jwt';

type Body = Record<string, unknown>;

interface BudgetView {
  settlements: { approvedYuan: string; payableYuan: string; netPaymentsYuan: string; deferredPayableYuan: string; refusedYuan: string };
  actualYuan: string;
  netPaidYuan: string;
  penalties: { finesToTreasuryYuan: string; finesByRule: unknown[] };
  dueProcess: {
    auditOpinions: Array<{ month: number; statementDate: string; status: string }>;
    objections: Array<Record<string, unknown>>;
    supplementarySettlementsYuan: string;
    cancelledPenalties: Array<Record<string, unknown>>;
  };
}

interface TrialBalance {
  total: { debitsYuan: string; creditsYuan: string; balanceYuan: string };
}

/**
 * Due process for hospitals over HTTP (issue #14 §2): a hospital token reads only its own hospital-years and
 * writes nothing but objections; an objection upheld and paid as a supplementary settlement (补充结算); a fine
 * cancelled on appeal. The clock moves forward through the year: a hospital files on the day it sends.
 */
describe('due process for hospitals over HTTP', () => {
  const FUND = 'DP-EMP';
  const OWN = 'H-DP1';
  const OTHER = 'H-DP2';
  const YEAR = 2025;
  let harness: AppHarness;
  let hospitalToken: string;

  const at = (instant: string) => harness.clock.set(new Date(instant));

  async function ok(path: string, body: Body, role: Role = 'finance'): Promise<CommandAnswer> {
    const answer = await harness.post<CommandAnswer>(path, body, role);
    if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** A request with the hospital's own token (or another one given). */
  const asHospital = <T = Body>(method: 'GET' | 'POST', url: string, body?: Body, token = hospitalToken): Promise<HttpAnswer<T>> =>
    harness.request<T>(method, url, {
      role: null,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: { commandId: randomUUID(), ...body } }),
    });

  const year = { fundId: FUND, payeeId: OWN, year: YEAR };
  const january = (payeeId: string) => ({
    fundId: FUND,
    payeeId,
    year: YEAR,
    month: 1,
    claimedYuan: '3166666.67',
    refusals: [{ ruleId: 'R-ENF-7', caseRef: 'ZY-2025-000123', baseYuan: '8000.00', multiplier: '2', includesBase: false }],
    effectiveDate: '2025-02-10',
  });

  const trialBalance = async (): Promise<TrialBalance['total']> => {
    const answer = await harness.get<TrialBalance>(`/journal/trial-balance?minPosition=${await headPosition(harness)}`, 'auditor');
    expect(answer.status).toBe(200);
    return answer.body.total;
  };

  beforeAll(async () => {
    harness = await AppHarness.start();
    at('2025-01-02T02:00:00Z');
    hospitalToken = mintToken(TEST_JWT_SECRET, harness.config.jwtIssuer, 'h-dp1.office', 'hospital', 3600, harness.config.jwtAudience, OWN);
    await registerFund(harness, FUND, 'employee_pooled');
    for (const payeeId of [OWN, OTHER]) {
      await ok('/payees', { payeeId, name: `${payeeId} 医院`, type: 'hospital', level: 'secondary', class: 'general', region: '鲤城区' });
      await ok('/agreements', { payeeId, agreementId: `AGR-${payeeId}`, fundId: FUND, validFrom: '2025-01-01', validTo: '2025-12-31' });
      await ok('/quotas', { fundId: FUND, payeeId, year: YEAR, quotaYuan: '36000000.00', method: 'manual', effectiveDate: '2024-12-20' }, 'planner');
    }
    at('2025-01-05T02:00:00Z');
    await ok('/prepayments', { ...year, month: 1, grossYuan: '3000000.00', effectiveDate: '2025-01-05' });
    at('2025-02-10T02:00:00Z');
    await ok('/settlements', january(OWN));
    await ok('/settlements', january(OTHER));
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('a hospital token reads its own hospital-year and events, and nothing of another hospital (403)', async () => {
    expect((await asHospital('GET', `/hospital-budgets/${FUND}/${OWN}/${YEAR}`)).status).toBe(200);
    expect((await asHospital('GET', `/hospital-budgets/${FUND}/${OWN}/${YEAR}/events`)).status).toBe(200);
    expectProblem(await asHospital('GET', `/hospital-budgets/${FUND}/${OTHER}/${YEAR}`), 403, 'FORBIDDEN_PAYEE', 'payeeId');
    expectProblem(await asHospital('GET', `/hospital-budgets/${FUND}/${OTHER}/${YEAR}/events`), 403, 'FORBIDDEN_PAYEE', 'payeeId');
    expectProblem(await asHospital('GET', `/hospital-budgets/${FUND}/${OTHER}/${YEAR}/projection`), 403, 'FORBIDDEN_PAYEE', 'payeeId');
    // Reads spanning hospitals (or the fund's books) are not filtered for it: they are forbidden.
    for (const url of ['/hospital-budgets/summary', '/journal/trial-balance', `/fund-balances/${FUND}`, `/payees/${OTHER}`]) {
      expectProblem(await asHospital('GET', url), 403, 'FORBIDDEN');
    }
  });

  it('a hospital token writes nothing but its own objections (403), and a token without a payee is refused (401)', async () => {
    const head = await headPosition(harness);
    expectProblem(await asHospital('POST', '/prepayments', { ...year, month: 2, grossYuan: '3000000.00', effectiveDate: '2025-02-01' }), 403, 'FORBIDDEN');
    expectProblem(await asHospital('POST', '/settlements', { ...january(OWN), month: 2, effectiveDate: '2025-03-10' }), 403, 'FORBIDDEN');
    expectProblem(await asHospital('POST', '/objections', { ...year, payeeId: OTHER, month: 1, lines: [0], reason: '代他院申诉' }), 403, 'FORBIDDEN_PAYEE', 'payeeId');
    // The agency does not object to its own opinion: the objection is the hospital's.
    expectProblem(await harness.post('/objections', { ...year, month: 1, lines: [0], reason: 'x' }, 'finance'), 403, 'FORBIDDEN');
    // Signed with the service's secret, but naming no payee: the token itself is refused.
    const noPayee = signTestJwt({ role: 'hospital' }, TEST_JWT_SECRET, { subject: 'h.x', issuer: harness.config.jwtIssuer, expiresIn: 60 });
    const refused = await asHospital<{ detail: string }>('GET', `/hospital-budgets/${FUND}/${OWN}/${YEAR}`, undefined, noPayee);
    expectProblem(refused, 401, 'UNAUTHENTICATED');
    expect(refused.body.detail).toMatch(/a hospital token must name its payee/);
    expect(() => mintToken(TEST_JWT_SECRET, harness.config.jwtIssuer, 'h.x', 'hospital')).toThrow(/must name its payee/);
    expect(await headPosition(harness)).toBe(head);
  });

  it('takes an objection on day 5 of the window, refuses day 6 and a backdated one', async () => {
    at('2025-02-15T02:00:00Z'); // 10:00 in Asia/Shanghai: day 5 after the statement of 2025-02-10
    expectProblem(await asHospital('POST', '/objections', { ...year, month: 1, lines: [0], reason: '补报', effectiveDate: '2025-02-12' }), 422, 'OBJECTION_DATE_NOT_TODAY', 'effectiveDate');
    const filed = await asHospital<CommandAnswer>('POST', '/objections', { ...year, month: 1, lines: [0], reason: '该病例有住院病历及床位记录，非冒名住院' });
    expect(filed.status).toBe(201);
    expect(filed.body.events.map((e) => e.type)).toEqual(['ObjectionFiled']);
    expect(filed.body.events[0]!.data).toMatchObject({ effectiveDate: '2025-02-15', statementDate: '2025-02-10', deadline: '2025-02-15', contestedYuan: '24000.00' });
    expectProblem(await asHospital('POST', '/objections', { ...year, month: 1, lines: [0], reason: '再次申诉' }), 422, 'OBJECTION_ALREADY_FILED', 'month');

    at('2025-02-16T02:00:00Z');
    const otherToken = mintToken(TEST_JWT_SECRET, harness.config.jwtIssuer, 'h-dp2.office', 'hospital', 3600, harness.config.jwtAudience, OTHER);
    const late = await asHospital('POST', '/objections', { ...year, payeeId: OTHER, month: 1, lines: [0], reason: '逾期申诉' }, otherToken);
    expectProblem(late, 422, 'OBJECTION_WINDOW_CLOSED', 'effectiveDate');
    const other = await harness.get<BudgetView>(`/hospital-budgets/${FUND}/${OTHER}/${YEAR}`, 'auditor');
    expect(other.body.dueProcess.auditOpinions).toEqual([{ month: 1, statementDate: '2025-02-10', refusedYuan: '24000.00', refusalLines: 1, status: 'no_objection' }]);
  });

  it('an upheld objection is paid as a supplementary settlement: the month exact, the trial balance zero', async () => {
    at('2025-02-25T02:00:00Z');
    expectProblem(await asHospital('POST', '/objections/decisions', { ...year, month: 1, decision: 'upheld', decisionRef: 'x', reason: 'x' }), 403, 'FORBIDDEN');
    const decided = await ok('/objections/decisions', {
      ...year,
      month: 1,
      decision: 'upheld',
      overturned: [{ line: 0, amountYuan: '8000.00' }],
      decisionRef: '泉医保复字〔2025〕2号',
      reason: '复核确认病历齐全，撤销基数拒付，放大部分维持',
      effectiveDate: '2025-02-25',
    });
    expect(decided.events.map((e) => e.type)).toEqual(['ObjectionDecided', 'SupplementarySettlementPosted']);
    expect(decided.events[1]!.data).toMatchObject({
      objectionId: 'OBJ-2025-01',
      lines: [{ line: 0, ruleId: 'R-ENF-7', refusedYuan: '24000.00', overturnedYuan: '8000.00' }],
      amountYuan: '8000.00',
      payableYuan: '8000.00',
      deferredYuan: '0.00',
      postings: [
        { fundId: FUND, account: `${FUND}:expense:settlements`, side: 'debit', amountYuan: '8000.00' },
        { fundId: FUND, account: `${FUND}:cash`, side: 'credit', amountYuan: '8000.00' },
      ],
    });
    expectProblem(await harness.post('/objections/decisions', { ...year, month: 1, decision: 'rejected', decisionRef: 'x', reason: 'x', effectiveDate: '2025-02-26' }, 'finance'), 422, 'OBJECTION_ALREADY_DECIDED');

    const view = await asHospital<BudgetView>('GET', `/hospital-budgets/${FUND}/${OWN}/${YEAR}`);
    expect(view.status).toBe(200);
    // January: approved 3,142,666.67 (claim − 24,000 refused) + 8,000 overturned; cash 142,666.67 + 8,000.
    expect(view.body.settlements).toMatchObject({ refusedYuan: '24000.00', approvedYuan: '3150666.67', payableYuan: '150666.67', netPaymentsYuan: '150666.67', deferredPayableYuan: '0.00' });
    expect(view.body.actualYuan).toBe('3150666.67');
    expect(view.body.netPaidYuan).toBe('2850666.67');
    expect(view.body.dueProcess.auditOpinions).toEqual([{ month: 1, statementDate: '2025-02-10', refusedYuan: '24000.00', refusalLines: 1, status: 'objection_upheld' }]);
    expect(view.body.dueProcess.objections).toMatchObject([{ objectionId: 'OBJ-2025-01', filedOn: '2025-02-15', decision: 'upheld', decidedOn: '2025-02-25', supplementaryYuan: '8000.00' }]);
    expect(view.body.dueProcess.supplementarySettlementsYuan).toBe('8000.00');
    expect((await trialBalance()).balanceYuan).toBe('0.00');
  });

  it('a fine cancelled on appeal: the treasury memorandum reversed exactly, no longer counted, once', async () => {
    at('2025-06-30T02:00:00Z');
    await ok('/fines', { fundId: FUND, payeeId: OWN, serviceYear: YEAR, baseYuan: '100000.00', multiplier: '2', ruleId: 'R-ENF-1', caseRef: 'JC-2025-0012', decisionRef: '泉医保罚字〔2025〕6号', fineId: 'FINE-DP-1', effectiveDate: '2025-05-20' });
    expectProblem(await asHospital('POST', '/penalty-cancellations', { ...year, penaltyKind: 'fine', penaltyId: 'FINE-DP-1', decisionRef: 'x', reason: 'x' }), 403, 'FORBIDDEN');
    const cancelled = await ok('/penalty-cancellations', { ...year, penaltyKind: 'fine', penaltyId: 'FINE-DP-1', decisionRef: '泉政复决字〔2025〕11号', reason: '行政复议决定撤销原处罚决定', effectiveDate: '2025-06-30' });
    expect(cancelled.events[0]).toMatchObject({
      type: 'PenaltyCancelledOnAppeal',
      data: {
        penaltyKind: 'fine',
        amountYuan: '200000.00',
        assessedOn: '2025-05-20',
        postings: [
          { fundId: 'TREASURY', account: 'TREASURY:fines_receivable', side: 'credit', amountYuan: '200000.00' },
          { fundId: 'TREASURY', account: 'TREASURY:fines_payable', side: 'debit', amountYuan: '200000.00' },
        ],
      },
    });
    expectProblem(await harness.post('/penalty-cancellations', { ...year, penaltyKind: 'fine', penaltyId: 'FINE-DP-1', decisionRef: 'x', reason: 'x', effectiveDate: '2025-07-01' }, 'finance'), 422, 'PENALTY_ALREADY_CANCELLED', 'penaltyId');
    expectProblem(await harness.post('/penalty-cancellations', { ...year, penaltyKind: 'liquidated_damages', penaltyId: 'LD-NONE', decisionRef: 'x', reason: 'x', effectiveDate: '2025-07-01' }, 'finance'), 404, 'PENALTY_NOT_FOUND', 'penaltyId');
    const view = await asHospital<BudgetView>('GET', `/hospital-budgets/${FUND}/${OWN}/${YEAR}`);
    expect(view.body.penalties).toMatchObject({ finesToTreasuryYuan: '0.00', finesByRule: [] });
    expect(view.body.dueProcess.cancelledPenalties).toEqual([
      { kind: 'fine', penaltyId: 'FINE-DP-1', ruleId: 'R-ENF-1', amountYuan: '200000.00', assessedOn: '2025-05-20', cancelledOn: '2025-06-30', decisionRef: '泉政复决字〔2025〕11号' },
    ]);
    expect((await trialBalance()).balanceYuan).toBe('0.00');
  });
});
