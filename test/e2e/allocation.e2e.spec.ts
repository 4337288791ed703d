import { randomUUID } from 'node:crypto';
import { allocate, Decimal, yuan } from '@ledger/money';
import { AppHarness } from '../support/app-harness';
import {
  documentedOperations,
  expectProblem,
  headPosition,
  registerFund,
  storedEvents,
  type CommandAnswer,
} from '../support/ledger-http';

type Body = Record<string, unknown>;
interface Line {
  payeeId: string;
  quotaYuan: string;
  exactYuan: string;
  carriedInYuan: string;
  lastYearQuotaYuan: string | null;
  effectiveQuotaYuan: string;
  history: Array<{ year: number; spendingYuan: string }>;
}
interface Preview {
  runId: string;
  totals: Record<string, unknown>;
  lines: Line[];
  commit: { alreadyCommitted: boolean; refusal: unknown };
}
interface Committed {
  runId: string;
  committed: string;
  replayed: boolean;
  adoption: { status: string };
  run: { totals: Record<string, unknown> };
  application: Record<string, unknown>;
}
interface Closed {
  status: string;
  replayed: boolean;
  settlements: Record<string, number>;
  report: {
    totals: Record<string, unknown>;
    hospitalResults: Array<Record<string, unknown>>;
    payeeSource: string;
    runId: string | null;
  };
}

/**
 * Allocation runs and the year-end close of a fund over HTTP (business date 2026-01-05): WE-1's pool of
 * 12,000万 split by 3-year spending (宋村 471万), a superseding run, the 2025 close of every hospital, and
 * the 2026 run that picks up 宋村's 41万 carried forward (WE-1 case B).
 */
describe('allocation runs and the fund close over HTTP', () => {
  let harness: AppHarness;
  const FUND = 'WD-NCMS';
  const HOSPITALS = ['SONGCUN', 'H-TOWN-2', 'H-TOWN-3'];
  const RUN_1 = `allocation-run-${FUND}-2025-v1`;
  const RUN_2 = `allocation-run-${FUND}-2025-v2`;

  const threeYears = (perYear: string) => [2022, 2023, 2024].map((year) => ({ year, spendingYuan: perYear }));
  const run2025 = (methodVersion: string, town2: string, town3: string, extra: Body = {}): Body => ({
    fundId: FUND,
    year: 2025,
    method: 'share_of_history',
    methodVersion,
    params: { capIncreasePercent: null, floorDecreasePercent: null },
    hospitals: [
      { payeeId: 'SONGCUN', history: threeYears('3925000.00') },
      { payeeId: 'H-TOWN-2', history: threeYears(town2) },
      { payeeId: 'H-TOWN-3', history: threeYears(town3) },
    ],
    effectiveDate: '2024-12-20',
    ...extra,
  });
  const v1 = run2025('v1', '48075000.00', '48000000.00');
  const fundBudget = (year: number, total: string, effectiveDate: string): Body => ({
    fundId: FUND,
    year,
    totalForQuotasYuan: total,
    basis: {
      projectedIncomeYuan: new Decimal(total).plus('30000000').toFixed(2),
      reserveYuan: '15000000.00',
      excludedEarmarks: [{ name: '单病种定额', amountYuan: '15000000.00' }],
    },
    effectiveDate,
  });

  beforeAll(async () => {
    harness = await AppHarness.start();
    await registerFund(harness, FUND, 'resident_pooled');
    for (const payeeId of HOSPITALS) {
      const payee = {
        payeeId,
        name: `${payeeId} 卫生院`,
        type: 'hospital',
        level: 'primary',
        class: 'general',
        region: '文登',
      };
      expect((await harness.post('/payees', payee, 'finance')).status).toBe(201);
      const agreement = {
        payeeId,
        agreementId: `AGR-${payeeId}-2025`,
        fundId: FUND,
        validFrom: '2025-01-01',
        validTo: '2025-12-31',
      };
      expect((await harness.post('/agreements', agreement, 'finance')).status).toBe(201);
    }
    // WE-1 (文登): overrun borne by the hospital, surplus rolled over (carried forward), nothing withheld.
    const changes = {
      overrunTiers: [{ upToQuotaRatio: null, fundShare: '0' }],
      surplusTiers: [{ upToQuotaRatio: null, retainedShare: '1' }],
      depositWithholdRate: '0',
      retentionMode: 'carry_forward',
    };
    expect((await harness.post('/budget-policies', { fundId: FUND, year: 2025, changes }, 'planner')).status).toBe(201);
    const approved = await harness.post<CommandAnswer>(
      '/fund-budgets',
      fundBudget(2025, '120000000.00', '2024-12-10'),
      'planner',
    );
    expect(approved.status).toBe(201);
    expect(approved.body.events[0]).toMatchObject({
      type: 'FundBudgetApproved',
      data: {
        totalForQuotasYuan: '120000000.00',
        computedTotalYuan: '120000000.00',
        differenceYuan: '0.00',
        differenceReason: null,
      },
    });
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('previews a run: 200 with the table (WE-1: 471万), and writes nothing', async () => {
    const before = await headPosition(harness);
    const answer = await harness.request<Preview>('POST', '/allocation-runs/preview', { body: v1, role: 'planner' });
    expect(answer.status).toBe(200);
    expect(answer.body.runId).toBe(RUN_1);
    expect(answer.body.lines.map((l) => [l.payeeId, l.exactYuan, l.quotaYuan])).toEqual([
      ['SONGCUN', '4710000.000000', '4710000.00'],
      ['H-TOWN-2', '57690000.000000', '57690000.00'],
      ['H-TOWN-3', '57600000.000000', '57600000.00'],
    ]);
    expect(answer.body.totals).toMatchObject({ allocatedYuan: '120000000.00', unallocatedYuan: '0.00', hospitals: 3 });
    expect(answer.body.commit).toEqual({ alreadyCommitted: false, sameInputs: null, refusal: null });
    expect(await headPosition(harness)).toBe(before);
    expect(await storedEvents(harness, RUN_1)).toEqual([]);
  });

  it('refuses a run on a fund that is not pooled (422 FUND_KIND_NOT_POOLED naming fundId) and writes nothing', async () => {
    await registerFund(harness, 'ALLOC-PERSONAL', 'employee_personal');
    const before = await headPosition(harness);
    const onPersonal = { ...v1, fundId: 'ALLOC-PERSONAL' };
    const preview = await harness.request('POST', '/allocation-runs/preview', { body: onPersonal, role: 'planner' });
    expectProblem(preview, 422, 'FUND_KIND_NOT_POOLED', 'fundId');
    expectProblem(await harness.post('/allocation-runs', onPersonal, 'planner'), 422, 'FUND_KIND_NOT_POOLED', 'fundId');
    expect(await headPosition(harness)).toBe(before);
  });

  it('refuses previews and commits to finance and the auditor (403), and a bad body (400 naming the field)', async () => {
    for (const role of ['finance', 'auditor'] as const) {
      expectProblem(await harness.request('POST', '/allocation-runs/preview', { body: v1, role }), 403, 'FORBIDDEN');
      expectProblem(await harness.post('/allocation-runs', v1, role), 403, 'FORBIDDEN');
    }
    expectProblem(
      await harness.post('/allocation-runs', { ...v1, methodVersion: 'v-1' }, 'planner'),
      400,
      'VALIDATION_FAILED',
      'methodVersion',
    );
    const unknownPayee = {
      ...v1,
      hospitals: [...(v1['hospitals'] as Body[]), { payeeId: 'NOBODY', history: threeYears('1.00') }],
    };
    expectProblem(
      await harness.post('/allocation-runs', unknownPayee, 'planner'),
      404,
      'PAYEE_NOT_FOUND',
      'hospitals[3].payeeId',
    );
  });

  const v1Commit = { commandId: randomUUID(), ...v1 };

  it('commits: one AllocationRunCommitted, the run in force, and a QuotaSet in every budget stream', async () => {
    const before = BigInt(await headPosition(harness));
    const answer = await harness.request<Committed>('POST', '/allocation-runs', { body: v1Commit, role: 'planner' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      runId: RUN_1,
      committed: 'appended',
      replayed: false,
      adoption: { status: 'adopted' },
      application: {
        hospitals: 3,
        set: 3,
        adjusted: 0,
        unchanged: 0,
        alreadyApplied: 0,
        failed: 0,
        complete: true,
        failures: [],
      },
    });
    expect(BigInt(await headPosition(harness)) - before).toBe(5n);
    const runEvents = await storedEvents(harness, RUN_1);
    expect(runEvents.map((e) => e.type)).toEqual(['AllocationRunCommitted']);
    expect(runEvents[0]!.data).toMatchObject({ runId: RUN_1, totals: { allocatedYuan: '120000000.00' } });
    const [quotaSet] = await storedEvents(harness, `budget-${FUND}.SONGCUN.2025`);
    expect(quotaSet).toMatchObject({
      type: 'QuotaSet',
      data: {
        quotaYuan: '4710000.00',
        method: 'allocation_run',
        runId: RUN_1,
        currentQuotaYuan: '4710000.00',
        basis: {
          runId: RUN_1,
          poolYuan: '120000000.00',
          line: { payeeId: 'SONGCUN', weightYuan: '11775000.00', exactYuan: '4710000.000000' },
        },
      },
    });
    const view = await harness.get<Record<string, unknown>>(`/hospital-budgets/${FUND}/SONGCUN/2025`);
    expect(view.status).toBe(200);
    expect(JSON.stringify(view.body)).toContain('4710000.00');
  });

  it('re-committing the same run appends nothing: another command id finds it applied, the same id replays', async () => {
    const before = await headPosition(harness);
    const again = await harness.post<Committed>('/allocation-runs', v1, 'planner');
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({
      committed: 'already_committed',
      replayed: false,
      adoption: { status: 'already_in_force' },
      application: { alreadyApplied: 3, set: 0, failed: 0 },
    });
    const retry = await harness.request<Committed>('POST', '/allocation-runs', { body: v1Commit, role: 'planner' });
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({
      replayed: true,
      committed: 'already_committed',
      application: { alreadyApplied: 3 },
    });
    expect(await headPosition(harness)).toBe(before);
    expect(await storedEvents(harness, RUN_1)).toHaveLength(1);
    // The same command id with another body is refused; the same run id with other inputs is another run: 409.
    expectProblem(
      await harness.request('POST', '/allocation-runs', {
        body: { ...v1Commit, effectiveDate: '2024-12-21' },
        role: 'planner',
      }),
      409,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expectProblem(
      await harness.post('/allocation-runs', run2025('v1', '1.00', '1.00'), 'planner'),
      409,
      'ALREADY_EXISTS',
      'methodVersion',
    );
  });

  it('supersedes the run only when named: the new run adjusts the quotas (QuotaAdjusted allocation_supersede)', async () => {
    const v2 = run2025('v2', '48000000.00', '48075000.00');
    expectProblem(await harness.post('/allocation-runs', v2, 'planner'), 409, 'ALREADY_EXISTS', 'supersedes');
    const answer = await harness.post<Committed>(
      '/allocation-runs',
      { ...v2, supersedes: { runId: RUN_1, reason: '更正两院2022–2024年数据' } },
      'planner',
    );
    expect(answer.status).toBe(201);
    expect(answer.body.application).toMatchObject({ set: 0, adjusted: 2, unchanged: 1, failed: 0 });
    const town2 = await storedEvents(harness, `budget-${FUND}.H-TOWN-2.2025`);
    expect(town2.map((e) => e.type)).toEqual(['QuotaSet', 'QuotaAdjusted']);
    expect(town2[1]!.data).toMatchObject({
      reason: 'allocation_supersede',
      direction: 'decrease',
      deltaYuan: '-90000.00',
      newQuotaYuan: '57600000.00',
    });
    const runs = await harness.get<{
      inForceRunId: string;
      runs: Array<{ runId: string; status: string; lines: Line[] }>;
    }>(`/allocation-runs/${FUND}/2025`);
    expect(runs.body.inForceRunId).toBe(RUN_2);
    expect(runs.body.runs.map((r) => [r.runId, r.status, r.lines.length])).toEqual([
      [RUN_1, 'superseded', 3],
      [RUN_2, 'in_force', 3],
    ]);
  });

  it('serves the committed quotas as CSV (one run of the fund-year, never another stream)', async () => {
    const answer = await harness.app.inject({
      method: 'GET',
      url: `/allocation-runs/${FUND}/2025?format=csv`,
      headers: { authorization: `Bearer ${harness.token('auditor')}` },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = answer.body.trim().split('\n');
    expect(header!.split(',').slice(0, 4)).toEqual(['runId', 'payeeId', 'quotaYuan', 'carriedInYuan']);
    expect(rows.map((r) => r.split(',').slice(0, 3))).toEqual([
      [RUN_2, 'SONGCUN', '4710000.00'],
      [RUN_2, 'H-TOWN-2', '57600000.00'],
      [RUN_2, 'H-TOWN-3', '57690000.00'],
    ]);
    const csv = (query: string) =>
      harness.app.inject({
        method: 'GET',
        url: `/allocation-runs/${FUND}/2025?format=csv&${query}`,
        headers: { authorization: `Bearer ${harness.token('auditor')}` },
      });
    expect((await csv(`runId=${RUN_1}`)).body).toContain(`${RUN_1},H-TOWN-2,57690000.00`);
    for (const foreign of [
      `budget-${FUND}.SONGCUN.2025`,
      `allocation-run-${FUND}-2026-v1`,
      `allocation-run-${FUND}-2025-v9`,
    ]) {
      const answer = await csv(`runId=${foreign}`);
      expect([answer.statusCode, JSON.parse(answer.body).code]).toEqual([404, 'ALLOCATION_RUN_NOT_FOUND']);
    }
  });

  it('documents every endpoint in /docs', async () => {
    const paths = await documentedOperations(harness);
    for (const path of ['/fund-budgets', '/allocation-runs', '/allocation-runs/history-imports', '/fund-closes']) {
      expect(Object.keys(paths[path]?.['post']?.responses ?? {})).toEqual(
        expect.arrayContaining(['201', '400', '403', '404', '422']),
      );
    }
    expect(paths['/allocation-runs/preview']?.['post']?.responses).toHaveProperty('200');
    expect(paths['/allocation-runs/{fundId}/{year}']?.['get']?.responses).toHaveProperty('200');
    expect(paths['/fund-closes/{fundId}/{year}']?.['get']?.responses).toHaveProperty('200');
  });

  describe('the year-end close of the fund and the next year', () => {
    const CLOSE = { commandId: randomUUID(), fundId: FUND, year: 2025, effectiveDate: '2026-01-05' };

    beforeAll(async () => {
      const actuals: Record<string, string> = {
        SONGCUN: '4300000.00',
        'H-TOWN-2': '57600000.00',
        'H-TOWN-3': '57790000.00',
      };
      for (const payeeId of HOSPITALS) {
        const settlement = {
          fundId: FUND,
          payeeId,
          year: 2025,
          month: 12,
          claimedYuan: actuals[payeeId],
          refusals: [],
          effectiveDate: '2026-01-05',
        };
        const posted = await harness.post('/settlements', settlement, 'finance');
        expect(posted.status).toBe(201);
      }
      for (const payeeId of ['SONGCUN', 'H-TOWN-2']) {
        const scored = await harness.post(
          '/assessment-scores',
          { fundId: FUND, payeeId, year: 2025, scorePoints: '90', effectiveDate: '2025-11-25' },
          'finance',
        );
        expect(scored.status).toBe(201);
      }
    });

    it('is refused for planners (403) and before every hospital-year can be settled (422, the others stay settled)', async () => {
      expectProblem(await harness.post('/fund-closes', { fundId: FUND, year: 2025 }, 'planner'), 403, 'FORBIDDEN');
      const answer = await harness.request<Record<string, unknown>>('POST', '/fund-closes', {
        body: CLOSE,
        role: 'finance',
      });
      expectProblem(answer, 422, 'HOSPITAL_YEARS_NOT_SETTLED', 'payeeIds');
      expect(answer.body).toMatchObject({
        settlements: { settled: 2, replayed: 0, settledElsewhere: 0, failed: 1 },
        failures: [{ payeeId: 'H-TOWN-3', code: 'SCORE_MISSING' }],
      });
      expect((await storedEvents(harness, `budget-${FUND}.SONGCUN.2025`)).map((e) => e.type).pop()).toBe(
        'YearEndSettled',
      );
      expectProblem(await harness.get(`/fund-closes/${FUND}/2025`), 404, 'FUND_YEAR_NOT_CLOSED');
    });

    it('closes once every hospital-year is settled (the same command completes), with totals per outcome', async () => {
      const scored = await harness.post(
        '/assessment-scores',
        { fundId: FUND, payeeId: 'H-TOWN-3', year: 2025, scorePoints: '85', effectiveDate: '2025-11-25' },
        'finance',
      );
      expect(scored.status).toBe(201);
      const answer = await harness.request<Closed>('POST', '/fund-closes', { body: CLOSE, role: 'finance' });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        status: 'closed',
        replayed: false,
        settlements: { settled: 1, replayed: 2, settledElsewhere: 0, failed: 0 },
      });
      expect(answer.body.report).toMatchObject({
        fundId: FUND,
        year: 2025,
        status: 'closed',
        payeeSource: 'allocation_run',
        runId: RUN_2,
        hospitals: 3,
        totals: {
          quotaYuan: '120000000.00',
          actualYuan: '119690000.00',
          overrun: { count: 1, overrunYuan: '100000.00', fundShareYuan: '0.00', hospitalShareYuan: '100000.00' },
          surplus: {
            count: 1,
            surplusYuan: '410000.00',
            retainedYuan: '410000.00',
            retainedPaidYuan: '0.00',
            carriedForwardYuan: '410000.00',
            notRetainedYuan: '0.00',
          },
          balanced: { count: 1 },
          deposits: { withheldYuan: '0.00', returnedYuan: '0.00', forfeitedYuan: '0.00' },
          entitlementYuan: '119590000.00',
          yearEnd: { paymentsYuan: '0.00', receivablesYuan: '0.00', netPaymentYuan: '0.00' },
        },
      });
      expect(answer.body.report.hospitalResults).toEqual([
        {
          payeeId: 'SONGCUN',
          outcome: 'surplus',
          quotaYuan: '4710000.00',
          actualYuan: '4300000.00',
          finalYuan: '0.00',
          carryForwardCreditYuan: '410000.00',
        },
        {
          payeeId: 'H-TOWN-2',
          outcome: 'balanced',
          quotaYuan: '57600000.00',
          actualYuan: '57600000.00',
          finalYuan: '0.00',
          carryForwardCreditYuan: '0.00',
        },
        {
          payeeId: 'H-TOWN-3',
          outcome: 'overrun',
          quotaYuan: '57690000.00',
          actualYuan: '57790000.00',
          finalYuan: '0.00',
          carryForwardCreditYuan: '0.00',
        },
      ]);
      expect((await storedEvents(harness, `fund-close-${FUND}-2025`)).map((e) => e.type)).toEqual(['FundYearClosed']);
    });

    it('re-running the close returns the same report and appends nothing; GET serves it', async () => {
      const first = await harness.get<Closed['report']>(`/fund-closes/${FUND}/2025`);
      expect(first.status).toBe(200);
      const before = await headPosition(harness);
      const again = await harness.post<Closed>('/fund-closes', { fundId: FUND, year: 2025 }, 'finance');
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ status: 'closed', replayed: true });
      expect(again.body.report).toEqual(first.body);
      const retry = await harness.request<Closed>('POST', '/fund-closes', { body: CLOSE, role: 'finance' });
      expect(retry.body.report).toEqual(first.body);
      expect(await headPosition(harness)).toBe(before);
      // A closed year takes no new allocation run.
      expectProblem(
        await harness.post(
          '/allocation-runs',
          { ...run2025('v3', '1.00', '1.00'), supersedes: { runId: RUN_2, reason: 'late' } },
          'planner',
        ),
        422,
        'PERIOD_CLOSED',
      );
    });

    it("next year's run reads the settled actuals and shows 宋村's 41万 carried forward; the budget stream adds it", async () => {
      expect(
        (await harness.post('/fund-budgets', fundBudget(2026, '126000000.00', '2026-01-05'), 'planner')).status,
      ).toBe(201);
      const run2026 = {
        fundId: FUND,
        year: 2026,
        method: 'share_of_history',
        methodVersion: 'v1',
        historyFrom: 'ledger',
        hospitals: HOSPITALS.map((payeeId) => ({ payeeId })),
      };
      const preview = await harness.request<Preview>('POST', '/allocation-runs/preview', {
        body: run2026,
        role: 'planner',
      });
      expect(preview.status).toBe(200);
      const expected = allocate(
        new Decimal('126000000.00'),
        ['4300000', '57600000', '57790000'].map((w) => new Decimal(w)),
      ).map(yuan);
      expect(
        preview.body.lines.map((l) => [l.payeeId, l.history, l.lastYearQuotaYuan, l.quotaYuan, l.carriedInYuan]),
      ).toEqual([
        ['SONGCUN', [{ year: 2025, spendingYuan: '4300000.00', cases: null }], '4710000.00', expected[0], '410000.00'],
        ['H-TOWN-2', [{ year: 2025, spendingYuan: '57600000.00', cases: null }], '57600000.00', expected[1], '0.00'],
        ['H-TOWN-3', [{ year: 2025, spendingYuan: '57790000.00', cases: null }], '57690000.00', expected[2], '0.00'],
      ]);
      const songcunEffective = new Decimal(expected[0]!).plus('410000').toFixed(2);
      expect(preview.body.lines[0]!.effectiveQuotaYuan).toBe(songcunEffective);
      expect(preview.body.totals).toMatchObject({
        allocatedYuan: '126000000.00',
        carriedInYuan: '410000.00',
        effectiveYuan: '126410000.00',
      });

      const committed = await harness.post<Committed>('/allocation-runs', run2026, 'planner');
      expect(committed.status).toBe(201);
      expect(committed.body.application).toMatchObject({ set: 3, failed: 0 });
      const stream2026 = await storedEvents(harness, `budget-${FUND}.SONGCUN.2026`);
      expect(stream2026.map((e) => e.type)).toEqual(['BalanceCarriedIn', 'QuotaSet']);
      expect(stream2026[0]!.data).toMatchObject({ fromYear: 2025, carryForwardCreditYuan: '410000.00' });
      expect(stream2026[1]!.data).toMatchObject({
        quotaYuan: expected[0],
        carriedInYuan: '410000.00',
        currentQuotaYuan: songcunEffective,
      });
    });
  });

  it('imports inputs in chunks and runs from the import', async () => {
    expectProblem(
      await harness.post(
        '/allocation-runs/history-imports',
        { fundId: FUND, year: 2027, importId: 'IMP-1', chunk: 1, chunks: 2, records: [{ payeeId: 'NOBODY' }] },
        'planner',
      ),
      404,
      'PAYEE_NOT_FOUND',
      'records[0].payeeId',
    );
    const chunk = (n: number, payees: string[]) => ({
      fundId: FUND,
      year: 2027,
      importId: 'IMP-1',
      chunk: n,
      chunks: 2,
      records: payees.map((payeeId) => ({ payeeId, history: [{ year: 2026, spendingYuan: '1000.00' }] })),
      effectiveDate: '2026-06-01',
    });
    const first = await harness.post<Record<string, unknown>>(
      '/allocation-runs/history-imports',
      chunk(1, ['SONGCUN', 'H-TOWN-2']),
      'planner',
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ chunk: 1, chunks: 2, records: 2, chunksReceived: 1, complete: false });
    expect((await harness.post('/fund-budgets', fundBudget(2027, '3000.00', '2026-06-01'), 'planner')).status).toBe(
      201,
    );
    const fromImport = {
      fundId: FUND,
      year: 2027,
      method: 'share_of_history',
      methodVersion: 'imp',
      params: { capIncreasePercent: null, floorDecreasePercent: null },
      inputSource: 'import',
      importId: 'IMP-1',
      effectiveDate: '2026-06-01',
    };
    expectProblem(
      await harness.request('POST', '/allocation-runs/preview', { body: fromImport, role: 'planner' }),
      422,
      'INVALID_TRANSITION',
      'importId',
    );
    const second = await harness.post<Record<string, unknown>>(
      '/allocation-runs/history-imports',
      chunk(2, ['H-TOWN-3']),
      'planner',
    );
    expect(second.body).toMatchObject({ chunksReceived: 2, hospitalsReceived: 3, complete: true });
    const preview = await harness.request<Preview>('POST', '/allocation-runs/preview', {
      body: fromImport,
      role: 'planner',
    });
    expect(preview.status).toBe(200);
    expect(preview.body.lines.map((l) => l.quotaYuan)).toEqual(['1000.00', '1000.00', '1000.00']);
  });
});
