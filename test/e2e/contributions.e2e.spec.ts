import { randomUUID } from 'node:crypto';
import { AppHarness } from '../support/app-harness';
import { documentedOperations, expectProblem, headPosition, registerFund, storedEvents, type CommandAnswer } from '../support/ledger-http';

/** Contribution rates and collections over HTTP (沈阳 figures, WE-7). */
describe('contributions over HTTP', () => {
  let harness: AppHarness;
  const POOLED = 'SY-EMP-POOL';
  const PERSONAL = 'SY-EMP-PERS';
  const MATERNITY = 'SY-MAT';
  const RESIDENT = 'SY-RES-POOL';
  const ASSISTANCE = 'SY-ASSIST';

  /** 沈阳 2012 with the 1998 30% split: the WE-7 parameters. */
  const rates = (overrides: Record<string, unknown> = {}) => ({
    pooledFundId: POOLED,
    personalFundId: PERSONAL,
    maternityFundId: MATERNITY,
    year: 2025,
    employerRate: '0.086',
    maternityRateOfPayroll: '0.006',
    employeeRate: '0.02',
    personalShareOfEmployerBasic: '0.30',
    baseFloorYuan: '3715',
    ...overrides,
  });
  const payroll = (overrides: Record<string, unknown> = {}) => ({
    employerId: 'E-001',
    pooledFundId: POOLED,
    period: '2025-03',
    declaredBaseYuan: '3000.00',
    headcount: 1,
    ...overrides,
  });
  const income = (overrides: Record<string, unknown> = {}) => ({
    fundId: RESIDENT,
    source: 'individual',
    amountYuan: '380.00',
    period: '2025-09',
    ...overrides,
  });

  beforeAll(async () => {
    harness = await AppHarness.start();
    await registerFund(harness, POOLED, 'employee_pooled');
    await registerFund(harness, PERSONAL, 'employee_personal');
    await registerFund(harness, MATERNITY, 'maternity');
    await registerFund(harness, RESIDENT, 'resident_pooled');
    await registerFund(harness, ASSISTANCE, 'medical_assistance');
    const set = await harness.post<CommandAnswer>('/contribution-rates', rates(), 'finance');
    if (set.status !== 201) throw new Error(`setting the 2025 rates: ${JSON.stringify(set.body)}`);
  });

  afterAll(async () => {
    await harness.stop();
  });

  describe('POST /contribution-rates (SetContributionRates) and GET /contribution-rates/:pooledFundId/:year', () => {
    it('recorded the 2025 rates as version 0 (the floor normalised to the fen), readable by the auditor', async () => {
      const stored = await storedEvents(harness, `contribution-rates-${POOLED}-2025`);
      expect(stored).toEqual([
        expect.objectContaining({ type: 'ContributionRatesSet', data: { ...rates(), baseFloorYuan: '3715.00', version: '0', previousVersion: null } }),
      ]);
      const read = await harness.get(`/contribution-rates/${POOLED}/2025`, 'auditor');
      expect(read.status).toBe(200);
      expect(read.body).toEqual({ ...rates(), baseFloorYuan: '3715.00', version: '0' });
    });

    it('supersedes a year\'s rates with a new version; the same rates again decide nothing', async () => {
      const first = await harness.post<CommandAnswer>('/contribution-rates', rates({ year: 2026, baseFloorYuan: '3800.00' }), 'finance');
      expect(first.body.events[0]).toMatchObject({ type: 'ContributionRatesSet', data: { version: '0', previousVersion: null } });
      const second = await harness.post<CommandAnswer>('/contribution-rates', rates({ year: 2026, baseFloorYuan: '3950.00' }), 'admin');
      expect(second.status).toBe(201);
      expect(second.body.events[0]).toMatchObject({ type: 'ContributionRatesSet', data: { version: '1', previousVersion: '0', baseFloorYuan: '3950.00' } });
      const same = await harness.post<CommandAnswer>('/contribution-rates', rates({ year: 2026, baseFloorYuan: '3950' }), 'finance');
      expect(same.status).toBe(201);
      expect(same.body.events).toEqual([]);
      expect((await harness.get(`/contribution-rates/${POOLED}/2026`)).body).toMatchObject({ version: '1', baseFloorYuan: '3950.00' });
    });

    it('answers 404 FUND_NOT_FOUND naming the unregistered fund, appending nothing', async () => {
      const before = await headPosition(harness);
      expectProblem(await harness.post('/contribution-rates', rates({ maternityFundId: 'NO-SUCH-FUND' }), 'finance'), 404, 'FUND_NOT_FOUND', 'maternityFundId');
      expectProblem(await harness.post('/contribution-rates', rates({ pooledFundId: 'NO-SUCH-FUND' }), 'finance'), 404, 'FUND_NOT_FOUND', 'pooledFundId');
      expect(await headPosition(harness)).toBe(before);
    });

    it('answers 422 FUND_KIND_MISMATCH when a fund is not of the kind its role needs', async () => {
      expectProblem(await harness.post('/contribution-rates', rates({ personalFundId: RESIDENT }), 'finance'), 422, 'FUND_KIND_MISMATCH', 'personalFundId');
    });

    it.each([
      ['a rate as a JSON number', rates({ employerRate: 0.086 }), 'VALIDATION_FAILED', 'employerRate'],
      ['a rate over 1', rates({ employeeRate: '1.5' }), 'VALIDATION_FAILED', 'employeeRate'],
      ['a floor with an exponent', rates({ baseFloorYuan: '1e3' }), 'VALIDATION_FAILED', 'baseFloorYuan'],
      ['a floor with 3 places', rates({ baseFloorYuan: '3715.005' }), 'VALIDATION_FAILED', 'baseFloorYuan'],
      ['a year as a string', rates({ year: '2025' }), 'VALIDATION_FAILED', 'year'],
      ['an unknown field', rates({ residentRate: '0.01' }), 'VALIDATION_FAILED', 'residentRate'],
      ['a maternity rate above the employer rate', rates({ maternityRateOfPayroll: '0.09' }), 'INVALID_FIELD', 'maternityRateOfPayroll'],
      ['the same fund twice', rates({ maternityFundId: PERSONAL }), 'INVALID_FIELD', 'personalFundId'],
    ])('refuses %s with 400 naming the field', async (_label, body, code, field) => {
      expectProblem(await harness.post('/contribution-rates', body, 'finance'), 400, code, field);
    });

    it('the read answers 404 for an unknown pool or a year without rates, 400 for a bad path', async () => {
      expectProblem(await harness.get('/contribution-rates/NO-SUCH-FUND/2025'), 404, 'FUND_NOT_FOUND', 'pooledFundId');
      expectProblem(await harness.get(`/contribution-rates/${POOLED}/2024`), 404, 'RATES_NOT_SET', 'year');
      expectProblem(await harness.get(`/contribution-rates/${POOLED}/20x5`), 400, 'VALIDATION_FAILED', 'year');
      expectProblem(await harness.get(`/contribution-rates/${POOLED}/1999`), 400, 'VALIDATION_FAILED', 'year');
      expectProblem(await harness.get('/contribution-rates/SY%2BPOOL/2025'), 400, 'VALIDATION_FAILED', 'pooledFundId');
    });
  });

  describe('POST /contributions/payroll (CollectPayrollContribution)', () => {
    it('WE-7: wage 3,000 below the 3,715 floor -> personal 163.46, pooled 208.04, maternity 22.29, stored and journalled', async () => {
      const commandId = randomUUID();
      const answer = await harness.request<CommandAnswer>('POST', '/contributions/payroll', { body: { commandId, ...payroll() }, role: 'finance' });
      expect(answer.status).toBe(201);
      expect(answer.body.stream).toBe(`contributions-${POOLED}-2025-03`);
      const figures = {
        collectionId: commandId,
        employerId: 'E-001',
        period: '2025-03',
        coverageYear: 2025,
        headcount: 1,
        declaredBaseYuan: '3000.00',
        floorBaseYuan: '3715.00',
        contributionBaseYuan: '3715.00',
        employeePartYuan: '74.30',
        employerPartYuan: '319.49',
        maternityYuan: '22.29',
        employerBasicYuan: '297.20',
        personalFromEmployerYuan: '89.16',
        personalYuan: '163.46',
        pooledYuan: '208.04',
        totalYuan: '393.79',
        rates: { ...rates(), baseFloorYuan: '3715.00', version: '0' },
      };
      expect(answer.body.events).toEqual([expect.objectContaining({ type: 'PayrollContributionCollected', data: expect.objectContaining(figures) })]);
      const [stored] = await storedEvents(harness, `contributions-${POOLED}-2025-03`);
      expect(stored).toEqual(expect.objectContaining({ type: 'PayrollContributionCollected', data: expect.objectContaining(figures) }));

      const cash = await harness.get<{ accounts: Array<{ account: string; balanceYuan: string }> }>(
        `/journal/accounts?minPosition=${answer.body.position}`,
      );
      const balance = (account: string) => cash.body.accounts.find((a) => a.account === account)?.balanceYuan;
      expect([balance(`${POOLED}:cash`), balance(`${PERSONAL}:cash`), balance(`${MATERNITY}:cash`)]).toEqual(['208.04', '163.46', '22.29']);
    });

    it('takes a given collectionId; the same collection under a new command id is 409 ALREADY_EXISTS', async () => {
      const collected = await harness.post<CommandAnswer>('/contributions/payroll', payroll({ collectionId: 'PR-E-002-2025-04', employerId: 'E-002', period: '2025-04' }), 'finance');
      expect(collected.status).toBe(201);
      expect(collected.body.events[0]!.data).toMatchObject({ collectionId: 'PR-E-002-2025-04', employerId: 'E-002' });
      const before = await headPosition(harness);
      const again = await harness.post('/contributions/payroll', payroll({ collectionId: 'PR-E-002-2025-04', employerId: 'E-002', period: '2025-04' }), 'finance');
      expectProblem(again, 409, 'ALREADY_EXISTS', 'collectionId');
      expect(await headPosition(harness)).toBe(before);
    });

    it('applies the declared base above the floor, for many heads', async () => {
      const answer = await harness.post<CommandAnswer>('/contributions/payroll', payroll({ declaredBaseYuan: '100000.00', headcount: 20, employerId: 'E-003' }), 'finance');
      expect(answer.body.events[0]!.data).toMatchObject({ floorBaseYuan: '74300.00', contributionBaseYuan: '100000.00', totalYuan: '10600.00' });
    });

    it('replays a retry with the same command id and body, appending nothing', async () => {
      const body = { commandId: randomUUID(), ...payroll({ employerId: 'E-RETRY' }) };
      const first = await harness.request<CommandAnswer>('POST', '/contributions/payroll', { body, role: 'finance' });
      const before = await headPosition(harness);
      const retry = await harness.request<CommandAnswer>('POST', '/contributions/payroll', { body, role: 'finance' });
      expect(retry.body).toEqual({ ...first.body, replayed: true });
      expect(await headPosition(harness)).toBe(before);
    });

    it('answers 422 RATES_NOT_SET for a period whose year has no rates, appending nothing', async () => {
      const before = await headPosition(harness);
      expectProblem(await harness.post('/contributions/payroll', payroll({ period: '2024-12' }), 'finance'), 422, 'RATES_NOT_SET', 'period');
      expect(await headPosition(harness)).toBe(before);
    });

    it('answers 404 FUND_NOT_FOUND for an unregistered pool', async () => {
      expectProblem(await harness.post('/contributions/payroll', payroll({ pooledFundId: 'NO-SUCH-FUND' }), 'finance'), 404, 'FUND_NOT_FOUND', 'pooledFundId');
    });

    it.each([
      ['"1.005"', '1.005'],
      ['"1e3"', '1e3'],
      ['"-5"', '-5'],
      ['"NaN"', 'NaN'],
      ['the number 12.5', 12.5],
      ['" 3000"', ' 3000'],
    ])('refuses the declared base %s with 400 naming the field, appending nothing', async (_label, declaredBaseYuan) => {
      const before = await headPosition(harness);
      expectProblem(await harness.post('/contributions/payroll', payroll({ declaredBaseYuan }), 'finance'), 400, 'VALIDATION_FAILED', 'declaredBaseYuan');
      expect(await headPosition(harness)).toBe(before);
    });

    it.each([
      ['a headcount of 0', payroll({ headcount: 0 }), 'headcount'],
      ['a headcount of 1.5', payroll({ headcount: 1.5 }), 'headcount'],
      ['a month 13', payroll({ period: '2025-13' }), 'period'],
      ['a date for a period', payroll({ period: '2025-03-01' }), 'period'],
      ['a bad collection id', payroll({ collectionId: 'PR 1' }), 'collectionId'],
      ['client-supplied rates', payroll({ rates: rates() }), 'rates'],
    ])('refuses %s with 400 naming the field', async (_label, body, field) => {
      expectProblem(await harness.post('/contributions/payroll', body, 'finance'), 400, 'VALIDATION_FAILED', field);
    });
  });

  describe('POST /contributions (CollectContribution)', () => {
    it('collects a resident contribution in September for the next coverage year (R-FIN-12)', async () => {
      const commandId = randomUUID();
      const answer = await harness.request<CommandAnswer>('POST', '/contributions', { body: { commandId, ...income() }, role: 'finance' });
      expect(answer.status).toBe(201);
      expect(answer.body.stream).toBe(`contributions-${RESIDENT}-2025-09`);
      expect(answer.body.events).toEqual([
        expect.objectContaining({
          type: 'ContributionCollected',
          data: {
            collectionId: commandId,
            fundId: RESIDENT,
            fundKind: 'resident_pooled',
            source: 'individual',
            amountYuan: '380.00',
            period: '2025-09',
            coverageYear: 2026,
            payingFundId: null,
            payingFundKind: null,
            subsidyLevel: null,
            postings: [
              { fundId: RESIDENT, account: `${RESIDENT}:cash`, side: 'debit', amountYuan: '380.00' },
              { fundId: RESIDENT, account: `${RESIDENT}:income:individual`, side: 'credit', amountYuan: '380.00' },
            ],
          },
        }),
      ]);
    });

    it('collects a government subsidy with its level, in the period\'s year', async () => {
      const answer = await harness.post<CommandAnswer>('/contributions', income({ source: 'government_subsidy', subsidyLevel: 'central', amountYuan: '1200000', period: '2025-10' }), 'finance');
      expect(answer.status).toBe(201);
      expect(answer.body.events[0]!.data).toMatchObject({ amountYuan: '1200000.00', subsidyLevel: 'central', coverageYear: 2025 });
    });

    it('books assistance-paid contributions in both funds: resident income, assistance expense (R-FIN-9)', async () => {
      const answer = await harness.post<CommandAnswer>('/contributions', income({ source: 'assistance_paid', payingFundId: ASSISTANCE, amountYuan: '350.00' }), 'finance');
      expect(answer.status).toBe(201);
      expect(answer.body.events[0]!.data).toMatchObject({
        payingFundId: ASSISTANCE,
        payingFundKind: 'medical_assistance',
        coverageYear: 2026,
        postings: [
          { fundId: RESIDENT, account: `${RESIDENT}:cash`, side: 'debit', amountYuan: '350.00' },
          { fundId: RESIDENT, account: `${RESIDENT}:income:assistance_paid`, side: 'credit', amountYuan: '350.00' },
          { fundId: ASSISTANCE, account: `${ASSISTANCE}:expense:contribution_subsidies`, side: 'debit', amountYuan: '350.00' },
          { fundId: ASSISTANCE, account: `${ASSISTANCE}:cash`, side: 'credit', amountYuan: '350.00' },
        ],
      });
    });

    it('answers 404 FUND_NOT_FOUND for an unregistered receiving or paying fund, appending nothing', async () => {
      const before = await headPosition(harness);
      expectProblem(await harness.post('/contributions', income({ fundId: 'NO-SUCH-FUND' }), 'finance'), 404, 'FUND_NOT_FOUND', 'fundId');
      expectProblem(await harness.post('/contributions', income({ source: 'assistance_paid', payingFundId: 'NO-SUCH-FUND' }), 'finance'), 404, 'FUND_NOT_FOUND', 'payingFundId');
      expect(await headPosition(harness)).toBe(before);
    });

    it('answers 422 FUND_KIND_MISMATCH for assistance paid into an employee pool or by a non-assistance fund', async () => {
      expectProblem(await harness.post('/contributions', income({ fundId: POOLED, source: 'assistance_paid', payingFundId: ASSISTANCE }), 'finance'), 422, 'FUND_KIND_MISMATCH', 'fundId');
      expectProblem(await harness.post('/contributions', income({ source: 'assistance_paid', payingFundId: MATERNITY }), 'finance'), 422, 'FUND_KIND_MISMATCH', 'payingFundId');
    });

    it.each([
      ['a subsidy without its level', income({ source: 'government_subsidy' }), 'INVALID_FIELD', 'subsidyLevel'],
      ['a level on individual income', income({ subsidyLevel: 'central' }), 'INVALID_FIELD', 'subsidyLevel'],
      ['a paying fund on individual income', income({ payingFundId: ASSISTANCE }), 'INVALID_FIELD', 'payingFundId'],
      ['assistance without its paying fund', income({ source: 'assistance_paid' }), 'INVALID_FIELD', 'payingFundId'],
      ['employer income (payroll only)', income({ source: 'employer' }), 'VALIDATION_FAILED', 'source'],
      ['an unknown subsidy level', income({ source: 'government_subsidy', subsidyLevel: 'village' }), 'VALIDATION_FAILED', 'subsidyLevel'],
      ['an unknown field', income({ payerName: '张三' }), 'VALIDATION_FAILED', 'payerName'],
      ['client-supplied fund kind', income({ fundKind: 'resident_pooled' }), 'VALIDATION_FAILED', 'fundKind'],
    ])('refuses %s with 400 naming the field', async (_label, body, code, field) => {
      expectProblem(await harness.post('/contributions', body, 'finance'), 400, code, field);
    });

    it.each([
      ['"1.005"', '1.005'],
      ['"1e3"', '1e3'],
      ['"-5"', '-5'],
      ['"NaN"', 'NaN'],
      ['the number 12.5', 12.5],
      ['"0" (must be positive)', '0'],
      ['over 10^13', '10000000000000.01'],
    ])('refuses the amount %s with 400 naming the field, appending nothing', async (_label, amountYuan) => {
      const before = await headPosition(harness);
      expectProblem(await harness.post('/contributions', income({ amountYuan }), 'finance'), 400, 'VALIDATION_FAILED', 'amountYuan');
      expect(await headPosition(harness)).toBe(before);
    });
  });

  describe('roles', () => {
    it.each([
      ['/contribution-rates', rates({ year: 2027 })],
      ['/contributions/payroll', payroll({ employerId: 'E-ROLE' })],
      ['/contributions', income()],
    ])('POST %s is forbidden to the planner and the auditor, appending nothing', async (url, body) => {
      const before = await headPosition(harness);
      for (const role of ['planner', 'auditor'] as const) {
        expectProblem(await harness.post(url, body, role), 403, 'FORBIDDEN');
      }
      expect(await headPosition(harness)).toBe(before);
    });
  });

  it('documents every contributions endpoint in /docs', async () => {
    const paths = await documentedOperations(harness);
    for (const path of ['/contribution-rates', '/contributions/payroll', '/contributions']) {
      expect(Object.keys(paths[path]?.['post']?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '403', '404', '422']));
    }
    expect(Object.keys(paths['/contribution-rates/{pooledFundId}/{year}']?.['get']?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '404']));
  });
});
