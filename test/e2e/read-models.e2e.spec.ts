import { randomUUID } from 'node:crypto';
import type { JsonObject } from '@ledger/event-store';
import { Decimal } from '@ledger/money';
import { accounts, credit, debit } from '@ledger/fund-ledger/shared/journal';
import { budgetStreamName, type HospitalBudgetEvent } from '@ledger/fund-ledger/hospital-budget/hospital-budget.events';
import { halfYear, we1bNextYear, we1bYear, we4aYear } from '../support/read-models/read-model.test-support';
import { AppHarness } from '../support/app-harness';

type Body = Record<string, unknown>;
interface Paged {
  total: number;
  items: Array<Record<string, unknown>>;
}

/**
 * The read side end to end: events produced by the real deciders are appended through the store (the
 * write endpoints for budgets are someone else's), the live projections pick them up, and the read
 * endpoints answer live (read-your-writes with minPosition), as of a position and as of a date.
 */
describe('read models over HTTP: hospital budgets, carry-forward, over-budget sharing, fund balances', () => {
  let harness: AppHarness;
  const positions: Record<string, bigint[]> = {};
  let head = 0n;

  async function appendStream(stream: string, events: ReadonlyArray<{ type: string; data: unknown }>): Promise<bigint[]> {
    const at: bigint[] = [];
    let expected: bigint | 'no_stream' = 'no_stream';
    for (const event of events) {
      const data = JSON.parse(JSON.stringify(event.data)) as JsonObject;
      const effectiveDate = String(data['effectiveDate']);
      const result = await harness.store.append(
        stream,
        [{ id: randomUUID(), type: event.type, data, metadata: { recordedAt: `${effectiveDate}T02:00:00.000Z`, effectiveDate, actor: 'e2e-seed' } }],
        expected,
      );
      expected = result.nextExpectedRevision;
      at.push(result.position);
      head = result.position;
    }
    return at;
  }

  const budget = (events: readonly HospitalBudgetEvent[]) => {
    const first = events[0]!.data;
    return appendStream(budgetStreamName(first.fundId, first.payeeId, first.year), events);
  };

  const money = (fundId: string, date: string, amount: string, source: 'employer' | 'individual') => ({
    type: 'ContributionCollected',
    data: {
      effectiveDate: date,
      fundId,
      source,
      amountYuan: amount,
      postings: [debit(fundId, accounts.cash(fundId), new Decimal(amount)), credit(fundId, accounts.income(fundId, source), new Decimal(amount))],
    },
  });

  beforeAll(async () => {
    harness = await AppHarness.start();
    expect((await harness.post('/funds', { fundId: 'EMP', name: '职工基本医疗保险统筹基金', kind: 'employee_pooled', poolingRegion: 'QZ' })).status).toBe(201);
    expect((await harness.post('/funds', { fundId: 'EMP-P', name: '职工个人账户', kind: 'employee_personal', poolingRegion: 'QZ' })).status).toBe(201);
    positions['contributions'] = await appendStream('contributions-EMP-2024-01', [money('EMP', '2024-01-05', '50000000.00', 'employer')]);
    positions['personal'] = await appendStream('contributions-EMP-P-2024-01', [money('EMP-P', '2024-01-05', '8000000.00', 'individual')]);
    positions['we4a'] = await budget(we4aYear('H004'));
    const year2024 = we1bYear();
    const { year2025, recovery } = we1bNextYear(year2024);
    positions['we1b'] = await budget(year2024);
    positions['we1b-2025'] = await budget([...year2025, ...recovery]);
    positions['red'] = await budget(halfYear('3600000.00', 'H-RED'));
  });

  afterAll(async () => {
    await harness.stop();
  });

  const live = () => `minPosition=${head}`;

  it('lists the new projections with the journal, all caught up', async () => {
    await harness.get(`/hospital-budgets/summary?${live()}`);
    const answer = await harness.get<{ projections: Array<{ name: string }> }>('/projections');
    expect(answer.status).toBe(200);
    expect(answer.body.projections.map((p) => p.name)).toEqual(
      expect.arrayContaining(['journal', 'hospital-budgets', 'carry-forward', 'over-budget-sharing', 'fund-balances']),
    );
  });

  it('serves the WE-4a hospital-year in full to an auditor (read your writes with minPosition)', async () => {
    const answer = await harness.get<Body & { yearEnd: Body; execution: Body; prepayments: Body }>(`/hospital-budgets/EMP/H004/2024/projection?${live()}`, 'auditor');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ asOf: 'live', fundId: 'EMP', payeeId: 'H004', year: 2024, status: 'settled', netPaidYuan: '37112000.00' });
    expect(BigInt(answer.body['position'] as string)).toBeGreaterThanOrEqual(head);
    expect(answer.body.yearEnd).toMatchObject({
      overrunYuan: '2000000.00',
      fundOverrunShareYuan: '1400000.00',
      hospitalOverrunShareYuan: '600000.00',
      depositForfeitedYuan: '288000.00',
      finalYuan: '4712000.00',
    });
    expect(answer.body.execution).toMatchObject({ businessDate: '2026-01-05', executionPercent: '105.56', warning: 'amber' });
  });

  it('answers as of a position (before the year end) and as of a date, with the business date of that point', async () => {
    const we4a = positions['we4a']!;
    const beforeYearEnd = we4a[we4a.length - 2]!; // the score: every settlement in, no year end yet
    const atPosition = await harness.get<Body & { execution: Body; yearEnd: unknown; settlements: Body }>(`/hospital-budgets/EMP/H004/2024/projection?asOf=${beforeYearEnd}`);
    expect(atPosition.status).toBe(200);
    expect(atPosition.body).toMatchObject({ asOf: beforeYearEnd.toString(), position: beforeYearEnd.toString(), status: 'open', yearEnd: null });
    expect(atPosition.body.settlements).toMatchObject({ approvedYuan: '38000000.00', deferredPayableYuan: '2000000.00' });
    expect(atPosition.body.execution).toMatchObject({ businessDate: '2024-11-25', monthsSettled: 12, warning: 'amber' });

    const midYear = await harness.get<Body & { execution: Body; prepayments: { months: number[] } }>('/hospital-budgets/EMP/H004/2024/projection?asOf=2024-07-01');
    expect(midYear.status).toBe(200);
    expect(midYear.body.prepayments.months).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(midYear.body.execution).toMatchObject({
      businessDate: '2024-07-01',
      monthsSettled: 5,
      calendar: { monthsEnded: 6, monthsEndedNotSettled: 1, remainingMonths: 6 },
    });
  });

  it('pages and sorts the summary; refuses bad parameters with the field named', async () => {
    const byExecution = await harness.get<Paged>(`/hospital-budgets/summary?fundId=EMP&year=2024&sortBy=execution&order=desc&${live()}`, 'auditor');
    expect(byExecution.status).toBe(200);
    expect(byExecution.body.total).toBe(3);
    // H004: 38,000,000 / 36,000,000; H001 (WE-1): 4,300,000 / 4,710,000; H-RED: 6 months of 3,600,000 / 36,000,000.
    expect(byExecution.body.items.map((i) => [i['payeeId'], i['executionPercent']])).toEqual([
      ['H004', '105.56'],
      ['H001', '91.30'],
      ['H-RED', '60.00'],
    ]);
    expect(byExecution.body.items[2]).toMatchObject({ warning: 'red', status: 'open', projectedOverrunYuan: '7200000.00', timeSharePercent: '50.00' });
    const byWarning = await harness.get<Paged>('/hospital-budgets/summary?fundId=EMP&sortBy=warning&order=asc&limit=2&offset=1');
    expect(byWarning.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
    // normal (H001 2024), amber (H004), red (H-RED), then none (H001 2025: nothing settled yet).
    expect(byWarning.body.items.map((i) => [i['payeeId'], i['year'], i['warning']])).toEqual([
      ['H004', 2024, 'amber'],
      ['H-RED', 2024, 'red'],
    ]);
    for (const [query, field] of [
      ['limit=201', 'limit'],
      ['limit=0', 'limit'],
      ['offset=-1', 'offset'],
      ['sortBy=size', 'sortBy'],
      ['order=up', 'order'],
      ['year=20x4', 'year'],
      ['fundId=E.M.P', 'fundId'],
      ['asOf=yesterday', 'asOf'],
      ['waitMs=60000', 'waitMs'],
    ] as const) {
      const bad = await harness.get(`/hospital-budgets/summary?${query}`);
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    expect((await harness.get('/hospital-budgets/summary?color=red')).status).toBe(400);
    const missing = await harness.get('/hospital-budgets/EMP/NOPE/2024/projection');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'HOSPITAL_YEAR_NOT_FOUND' });
    const badYear = await harness.get('/hospital-budgets/EMP/H001/1800/projection');
    expect(badYear.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'year' });
  });

  it('refuses to wait beyond waitMs for a position the projections have not reached', async () => {
    const answer = await harness.get(`/hospital-budgets/summary?minPosition=${head + 1000n}&waitMs=50`);
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: 'PROJECTION_BEHIND', field: 'minPosition' });
  });

  it('shows the WE-1 credit carried into 2025, and as of before the carry-in, still pending', async () => {
    const answer = await harness.get<{ funds: Array<{ credits: Body[] }> }>(`/carry-forward/H001?fundId=EMP&${live()}`);
    expect(answer.status).toBe(200);
    expect(answer.body.funds[0]!.credits[0]).toMatchObject({ earnedInYear: 2024, earnedYuan: '410000.00', appliedYuan: '410000.00', status: 'applied' });
    const before = positions['we1b']!.at(-1)!;
    const past = await harness.get<{ funds: Array<{ credits: Body[] }> }>(`/carry-forward/H001?fundId=EMP&asOf=${before}`);
    expect(past.body.funds[0]!.credits[0]).toMatchObject({ status: 'pending', pendingYuan: '410000.00' });
    expect((await harness.get<{ funds: unknown[] }>('/carry-forward/NOBODY')).body.funds).toEqual([]);
    expect((await harness.get('/carry-forward/H001?fundId=a%20b')).body).toMatchObject({ field: 'fundId' });
  });

  it('sums the over-budget sharing per fund-year', async () => {
    const answer = await harness.get<{ totals: Body[]; items: Body[] }>(`/over-budget-sharing?fundId=EMP&year=2024&${live()}`);
    expect(answer.status).toBe(200);
    expect(answer.body.totals).toEqual([
      { fundId: 'EMP', year: 2024, hospitalsSettled: 2, hospitalsOverrun: 1, overrunYuan: '2000000.00', fundShareYuan: '1400000.00', hospitalShareYuan: '600000.00' },
    ]);
    expect(answer.body.items.map((i) => i['payeeId'])).toEqual(['H004']);
    expect((await harness.get('/over-budget-sharing?limit=1000')).body).toMatchObject({ field: 'limit' });
  });

  it('reports fund balances by month, all funds with pooled and personal apart, and the monthly report as CSV', async () => {
    const one = await harness.get<Body & { months: Body[]; totals: Body }>(`/fund-balances/EMP?year=2024&${live()}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ fundId: 'EMP', kind: 'employee_pooled', group: 'pooled', year: 2024 });
    expect(one.body.months).toHaveLength(12);
    const totals = one.body.totals;
    expect(new Decimal(totals['incomeYuan'] as string).minus(totals['expenditureYuan'] as string).toFixed(2)).toBe(totals['currentSurplusYuan']);
    expect(totals['incomeBySource']).toMatchObject({ employer: '50000000.00' });

    const all = await harness.get<{ pooled: Body[]; personal: Body[]; other: Body[]; treasury: Body[] }>('/fund-balances?year=2024');
    expect(all.status).toBe(200);
    expect(all.body.pooled.map((f) => f['fundId'])).toEqual(['EMP']);
    expect(all.body.personal.map((f) => [f['fundId'], (f['totals'] as Body)['incomeYuan']])).toEqual([['EMP-P', '8000000.00']]);

    const json = await harness.get<{ months: Body[]; totals: Body }>('/fund-balances/EMP/monthly-report?year=2024&format=json');
    expect(json.status).toBe(200);
    expect(json.body.months[0]).toMatchObject({ month: '2024-01', incomeYuan: '50000000.00' });

    const csv = await harness.app.inject({
      method: 'GET',
      url: `/fund-balances/EMP/monthly-report?year=2024&format=csv&${live()}`,
      headers: { authorization: `Bearer ${harness.token('auditor')}` },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^month,income,income_employer,.*,expenditure,.*,current_surplus,cumulative_balance,/);
    expect(lines).toHaveLength(14); // header, 12 months, total
    expect(lines[1]).toMatch(/^2024-01,50000000\.00,50000000\.00,/);
    expect(lines[13]!.startsWith(`total,${totals['incomeYuan'] as string},`)).toBe(true);

    // As of the first contribution only.
    const early = await harness.get<{ totals: Body; months: Body[] }>(`/fund-balances/EMP?year=2024&asOf=${positions['contributions']![0]}`);
    expect(early.body.totals).toMatchObject({ incomeYuan: '50000000.00', expenditureYuan: '0.00', closingBalanceYuan: '50000000.00', monthsCovered: null, warning: null });
    expect(early.body.months).toHaveLength(1);

    expect((await harness.get('/fund-balances/NOPE?year=2024')).body).toMatchObject({ code: 'FUND_NOT_FOUND' });
    expect((await harness.get('/fund-balances/EMP/monthly-report?format=xml')).body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'format' });
    expect((await harness.get('/fund-balances/EMP?year=99999')).body).toMatchObject({ field: 'year' });
  });
});
