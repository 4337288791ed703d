import { randomBytes } from 'node:crypto';
import type { EventStore } from '@ledger/event-store';
import { PostgresEventStore } from '@ledger/event-store/postgres';
import { AppHarness, type HttpAnswer } from '../support/app-harness';
import { expectProblem, headPosition, registerFund, type CommandAnswer } from '../support/ledger-http';

/**
 * Payment methods beside the global budget (issue #15) over HTTP: a rate table, a hospital-year mixing the
 * global budget with DRG and single-disease lines through to its year-end settlement (trial balance zero),
 * and a second hospital-year paid per diem and under the per-case cap with its quarterly clearing (WE-3,
 * WE-5, WE-6 to the fen). Bad input is refused naming the field and line, and appends nothing.
 */
const FUND = 'EMP-POOLED';
const YEAR = 2025;
type Body = Record<string, unknown>;
type Role = 'finance' | 'planner' | 'auditor';

const STORES: Array<[string, () => Promise<EventStore | undefined>]> = [
  ['sqlite', async () => undefined],
  [
    'postgres',
    async () => {
      const url = process.env['DATABASE_URL'];
      if (!url) throw new Error('DATABASE_URL is not set: the e2e global setup starts a throwaway PostgreSQL');
      return PostgresEventStore.open({ connectionString: url, schema: `payment_methods_${randomBytes(4).toString('hex')}` });
    },
  ],
];

const DRG_JANUARY = [
  { groupCode: 'FR23', cases: 12, weight: '1.2345' },
  { groupCode: 'GB25', cases: 7 },
  { groupCode: 'ES11', cases: 3, costYuan: '50000.00' },
];
const WE5_CASES = ['5200.00', '5800.00', '7100.00'].map((costYuan, i) => ({ diseaseCode: 'K35.8', caseRef: `ZY-${i}`, cases: 1, costYuan }));

describe.each(STORES)('payment methods through HTTP on %s', (_kind, openStore) => {
  let harness: AppHarness;

  beforeAll(async () => {
    const store = await openStore();
    harness = await AppHarness.start(store ? { store } : {});
    await registerFund(harness, FUND, 'employee_pooled');
    for (const payeeId of ['H-PM1', 'H-PM2']) {
      await ok('/payees', { payeeId, name: `${payeeId} 医院`, type: 'hospital', level: 'tertiary', class: 'general', region: '丰泽区' });
      await ok('/agreements', { payeeId, agreementId: `AGR-${payeeId}`, fundId: FUND, validFrom: '2025-01-01', validTo: '2025-12-31' });
      await ok('/quotas', { fundId: FUND, payeeId, year: YEAR, quotaYuan: '12000000.00', method: 'manual', effectiveDate: '2024-12-20' }, 'planner');
    }
  });

  afterAll(async () => {
    await harness.stop();
  });

  async function ok(path: string, body: Body, role: Role = 'finance'): Promise<CommandAnswer> {
    const answer = await harness.post<CommandAnswer>(path, body, role);
    if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  const data = (answer: CommandAnswer): Body => answer.events[0]!.data;
  const methodSettle = (payeeId: string, month: number, method: string, lines: unknown[], effectiveDate = `${YEAR}-${String(month + 1).padStart(2, '0')}-05`) =>
    harness.post<CommandAnswer>('/method-settlements', { fundId: FUND, payeeId, year: YEAR, month, method, lines, effectiveDate }, 'finance');

  it('sets the 2025 rate table as version 1 and reads it back', async () => {
    const answer = await ok(
      '/rate-tables',
      {
        fundId: FUND,
        year: YEAR,
        effectiveFrom: '2025-01-01',
        drg: { baseRateYuan: '8765.43', groups: [{ code: 'FR23', weight: '1.2345' }, { code: 'GB25', weight: '0.8765' }, { code: 'ES11', weight: '2.0437' }] },
        singleDisease: [{ code: 'K35.8', standardYuan: '6000.00' }],
        perDiem: { rateYuan: '110.00', patientSharePerDay: { inServiceYuan: '20.00', retiredYuan: '12.00' } },
        perCaseCap: { standardYuan: '5000.00' },
        effectiveDate: '2024-12-20',
      },
      'planner',
    );
    expect(answer).toMatchObject({ stream: `rates-${FUND}.${YEAR}`, events: [{ type: 'RateTableSet', data: { version: 1 } }] });
    const read = await harness.get<Body>(`/rate-tables/${FUND}/${YEAR}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ version: 1, versions: [{ version: 1, effectiveFrom: '2025-01-01' }], perCaseCap: { standardYuan: '5000.00' } });
    expectProblem(await harness.get(`/rate-tables/${FUND}/2024`), 404, 'RATE_TABLE_NOT_SET');
  });

  it('assigns the methods: H-PM1 global budget + DRG + single disease, H-PM2 + per diem + per-case cap', async () => {
    const assign = (payeeId: string, methods: string[]) =>
      ok('/payment-method-assignments', { fundId: FUND, payeeId, year: YEAR, fromMonth: 1, methods: methods.map((method) => ({ method, caseTypes: ['inpatient'] })), effectiveDate: '2024-12-20' }, 'planner');
    expect(data(await assign('H-PM1', ['drg', 'single_disease']))).toMatchObject({ fromMonth: 1, previousMethods: [] });
    await assign('H-PM2', ['per_diem', 'per_case_cap']);
  });

  it('refuses bad input naming the field and line, and appends nothing', async () => {
    const before = await headPosition(harness);
    expectProblem(await methodSettle('H-PM1', 1, 'drg', [DRG_JANUARY[0], { groupCode: 'ZZ99', cases: 1 }]), 422, 'UNKNOWN_GROUP_CODE', 'lines[1].groupCode');
    expectProblem(await methodSettle('H-PM1', 1, 'drg', [{ groupCode: 'FR23', cases: 1, weight: '1.3' }]), 422, 'WEIGHT_NOT_IN_TABLE', 'lines[0].weight');
    expectProblem(await methodSettle('H-PM1', 1, 'single_disease', [{ diseaseCode: 'I21.0', cases: 1, costYuan: '1.00' }]), 422, 'UNKNOWN_DISEASE_CODE', 'lines[0].diseaseCode');
    expectProblem(await methodSettle('H-PM1', 1, 'drg', [{ groupCode: 'FR23', cases: 1.5 }]), 400, 'VALIDATION_FAILED', 'lines[0].cases');
    expectProblem(await methodSettle('H-PM2', 1, 'per_diem', [{ category: 'retired', bedDays: -3 }]), 400, 'VALIDATION_FAILED', 'lines[0].bedDays');
    expectProblem(await methodSettle('H-PM1', 1, 'per_diem', [{ category: 'retired', bedDays: 3 }]), 422, 'METHOD_NOT_ASSIGNED', 'method');
    expectProblem(await harness.post('/per-case-clearings', { fundId: FUND, payeeId: 'H-PM2', year: YEAR, quarter: 1, effectiveDate: '2025-04-10' }, 'finance'), 422, 'QUARTER_INCOMPLETE', 'quarter');
    expectProblem(await harness.post('/method-settlements', { fundId: FUND, payeeId: 'H-PM1', year: YEAR, month: 1, method: 'drg', lines: DRG_JANUARY, effectiveDate: '2025-02-05' }, 'auditor'), 403, 'FORBIDDEN');
    expect(await headPosition(harness)).toBe(before);
  });

  it('H-PM1: a global month, a DRG month of three groups and the WE-5 single-disease cases, to the fen', async () => {
    await ok('/prepayments', { fundId: FUND, payeeId: 'H-PM1', year: YEAR, month: 1, grossYuan: '500000.00', effectiveDate: '2025-01-05' });
    await ok('/settlements', { fundId: FUND, payeeId: 'H-PM1', year: YEAR, month: 1, claimedYuan: '800000.00', refusals: [], effectiveDate: '2025-02-05' });
    const drg = await methodSettle('H-PM1', 1, 'drg', DRG_JANUARY);
    expect(drg.status).toBe(201);
    expect(data(drg.body)).toMatchObject({
      method: 'drg',
      amountYuan: '237373.11',
      cases: 22,
      weightedCases: '27.0806',
      rateTable: { stream: `rates-${FUND}.${YEAR}`, version: 1 },
      detail: { lines: [{ amountYuan: '129851.08' }, { amountYuan: '53780.30' }, { amountYuan: '53741.73' }] },
      budget: { approvedYuan: '237373.11', prepaidOffsetYuan: '0.00', netPaymentYuan: '237373.11' },
    });
    const disease = await methodSettle('H-PM1', 1, 'single_disease', WE5_CASES);
    expect(data(disease.body)).toMatchObject({ amountYuan: '18000.00' });
    const lines = (data(disease.body)['detail'] as { lines: Array<Record<string, string>> }).lines;
    expect(lines.map((l) => [l['surplusYuan'], l['overrunYuan']])).toEqual([['800.00', '0.00'], ['200.00', '0.00'], ['0.00', '1100.00']]);
    expectProblem(await methodSettle('H-PM1', 1, 'drg', DRG_JANUARY), 422, 'METHOD_ALREADY_SETTLED', 'month');
  });

  it('H-PM2: WE-6 per diem and WE-3 per-case cap with its quarterly clearing (pays 20,000, refuses 50,000)', async () => {
    const perDiem = await methodSettle('H-PM2', 1, 'per_diem', [{ category: 'in_service', bedDays: 30, costYuan: '4000.00' }, { category: 'retired', bedDays: 45 }]);
    expect(data(perDiem.body)).toMatchObject({
      amountYuan: '7110.00',
      detail: { lines: [{ amountYuan: '2700.00', patientShareYuan: '600.00', hospitalAbsorbsYuan: '700.00' }, { amountYuan: '4410.00', patientShareYuan: '540.00' }] },
    });
    const months: Array<[number, number, string, string]> = [[1, 100, '560000.00', '500000.00'], [2, 80, '380000.00', '380000.00'], [3, 120, '610000.00', '600000.00']];
    for (const [month, cases, claimedYuan, presettled] of months) {
      const answer = await methodSettle('H-PM2', month, 'per_case_cap', [{ cases, claimedYuan }]);
      expect(data(answer.body)).toMatchObject({ amountYuan: presettled });
    }
    const clearing = await ok('/per-case-clearings', { fundId: FUND, payeeId: 'H-PM2', year: YEAR, quarter: 1, effectiveDate: '2025-04-10' });
    expect(data(clearing)).toMatchObject({ allowedYuan: '1500000.00', presettledYuan: '1480000.00', paymentYuan: '20000.00', refusedYuan: '50000.00' });
    expectProblem(await harness.post('/per-case-clearings', { fundId: FUND, payeeId: 'H-PM2', year: YEAR, quarter: 1, effectiveDate: '2025-04-11' }, 'finance'), 422, 'QUARTER_ALREADY_CLEARED', 'quarter');
  });

  it('H-PM1 through its year-end settlement: A = 800,000 + 237,373.11 + 18,000; the trial balance is zero', async () => {
    await ok('/assessment-scores', { fundId: FUND, payeeId: 'H-PM1', year: YEAR, scorePoints: '100', effectiveDate: '2025-12-20' });
    const yearEnd = await ok('/year-end-settlements', { fundId: FUND, payeeId: 'H-PM1', year: YEAR, effectiveDate: '2026-01-20' });
    const settled = yearEnd.events.find((e) => e.type === 'YearEndSettled');
    expect(settled?.data['inputs']).toMatchObject({ approvedYuan: '1055373.11', actualYuan: '1055373.11', prepaidOutstandingYuan: '0.00' });
    const view = (await harness.get<Body>(`/hospital-budgets/${FUND}/H-PM1/${YEAR}`)) as HttpAnswer<Body>;
    expect(view.body).toMatchObject({ closed: true, actualYuan: '1055373.11' });
    expectProblem(await methodSettle('H-PM1', 2, 'drg', DRG_JANUARY, '2026-01-21'), 422, 'PERIOD_CLOSED');
    const trial = await harness.get<{ ok: boolean; total: { balanceYuan: string; debitsYuan: string } }>(`/journal/trial-balance?minPosition=${await headPosition(harness)}`);
    expect(trial.status).toBe(200);
    expect(trial.body.ok).toBe(true);
    expect(trial.body.total.balanceYuan).toBe('0.00');
  });
});
