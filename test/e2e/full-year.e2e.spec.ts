import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@ledger/event-store';
import { PostgresEventStore } from '@ledger/event-store/postgres';
import { Decimal } from '@ledger/money';
import { ProjectionRegistry } from '@ledger/fund-ledger/read-models/projection-registry';
import { LIVE_PROJECTIONS } from '@ledger/fund-ledger/read-models/live-projections';
import { exportLog } from '../../apps/ledger-cli/src/commands/export-log';
import { replayExport, reportFigures } from '../../apps/ledger-cli/src/commands/replay-log';
import { AppHarness, type HttpAnswer } from '../support/app-harness';
import type { CommandAnswer } from '../support/ledger-http';

/**
 * The write side's acceptance test (issue 3): one fund and three hospitals over a full year through
 * HTTP — contributions, 12 monthly prepayments and settlements, a clawback, liquidated damages and a
 * fine, scores, the year-end settlement — ending with the trial balance at zero, and the same figures
 * from the live projections as from a replay of the log.
 */
const YEAR = 2026;
const FUND = 'EMP-POOLED';
const pad = (n: number) => String(n).padStart(2, '0');
const d = (v: unknown) => new Decimal(String(v));

interface Hospital {
  payeeId: string;
  quotaYuan: string;
  /** What the hospital claims (all approved) over the year, spread evenly with the remainder in December. */
  yearClaimYuan: string;
  scorePoints: string;
}

// H1 overruns by 5.6% (the WE-4a shape), H2 saves 8.3%, H3 overruns by 20% and scores below 60.
const HOSPITALS: Hospital[] = [
  { payeeId: 'H1', quotaYuan: '36000000.00', yearClaimYuan: '38000000.00', scorePoints: '92' },
  { payeeId: 'H2', quotaYuan: '12000000.00', yearClaimYuan: '11000000.00', scorePoints: '85' },
  { payeeId: 'H3', quotaYuan: '6000000.00', yearClaimYuan: '7200000.00', scorePoints: '55' },
];

function monthlyClaim(h: Hospital, month: number): string {
  const even = d(h.yearClaimYuan).div(12).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  return (month < 12 ? even : d(h.yearClaimYuan).minus(even.times(11))).toFixed(2);
}

/** The same year on each store the ledger ships (the PostgreSQL server comes from the e2e global setup). */
const STORES: Array<[string, () => Promise<EventStore | undefined>]> = [
  ['sqlite', async () => undefined],
  [
    'postgres',
    async () => {
      const url = process.env['DATABASE_URL'];
      if (!url) throw new Error('DATABASE_URL is not set: the e2e global setup starts a throwaway PostgreSQL');
      return PostgresEventStore.open({ connectionString: url, schema: `full_year_${randomBytes(4).toString('hex')}` });
    },
  ],
];

describe.each(STORES)('a full year of one fund and three hospitals, through HTTP, on %s', (_kind, openStore) => {
  let harness: AppHarness;
  let lastPosition = '0';
  /** Cash the fund paid each hospital over the year (prepayment nets, settlement nets, year-end payment). */
  const cashPaid = new Map<string, Decimal>();

  async function send(path: string, body: Record<string, unknown>, role: 'finance' | 'planner' | 'admin' = 'finance'): Promise<CommandAnswer> {
    const answer = (await harness.post<CommandAnswer>(path, body, role)) as HttpAnswer<CommandAnswer>;
    if (answer.status !== 201) throw new Error(`${path} ${JSON.stringify(body)} -> ${answer.status} ${JSON.stringify(answer.body)}`);
    if (answer.body.position) lastPosition = answer.body.position;
    return answer.body;
  }

  const paid = (payeeId: string, amount: unknown) => cashPaid.set(payeeId, (cashPaid.get(payeeId) ?? d(0)).plus(d(amount)));

  beforeAll(async () => {
    harness = await AppHarness.start({ store: await openStore() });
    for (const [fundId, kind] of [[FUND, 'employee_pooled'], ['EMP-PERSONAL', 'employee_personal'], ['MATERNITY', 'maternity']] as const) {
      await send('/funds', { fundId, name: fundId, kind, poolingRegion: '泉州市' });
    }
    await send('/contribution-rates', {
      pooledFundId: FUND, personalFundId: 'EMP-PERSONAL', maternityFundId: 'MATERNITY', year: YEAR,
      employerRate: '0.086', maternityRateOfPayroll: '0.006', employeeRate: '0.02', personalShareOfEmployerBasic: '0.30', baseFloorYuan: '3715.00',
    });
    for (const h of HOSPITALS) {
      await send('/payees', { payeeId: h.payeeId, name: `${h.payeeId} 医院`, type: 'hospital', level: 'secondary', class: 'general', region: '鲤城区' });
      await send('/agreements', { payeeId: h.payeeId, fundId: FUND, agreementId: `AGR-${h.payeeId}`, validFrom: `${YEAR}-01-01`, validTo: `${YEAR}-12-31` });
      await send('/quotas', { fundId: FUND, payeeId: h.payeeId, year: YEAR, quotaYuan: h.quotaYuan, method: 'manual', effectiveDate: `${YEAR - 1}-12-20` }, 'planner');
    }
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('collects 12 months of payroll contributions into three funds', async () => {
    for (let month = 1; month <= 12; month += 1) {
      const answer = await send('/contributions/payroll', {
        employerId: 'EMPLOYER-1', pooledFundId: FUND, period: `${YEAR}-${pad(month)}`, declaredBaseYuan: '800000000.00', headcount: 100000,
        effectiveDate: `${YEAR}-${pad(month)}-15`,
      });
      expect(answer.events[0]!.data).toMatchObject({ contributionBaseYuan: '800000000.00', totalYuan: '84800000.00' });
    }
  });

  it('prepays and settles each hospital monthly, within the quota', async () => {
    for (let month = 1; month <= 12; month += 1) {
      for (const h of HOSPITALS) {
        // The fund never pays more in-year than the quota (超总控): the last prepayments shrink to the room left.
        const view = await harness.get<{ quota: { cashRoomYuan: string } }>(`/hospital-budgets/${FUND}/${h.payeeId}/${YEAR}`);
        const gross = Decimal.min(d(h.quotaYuan).div(12).toDecimalPlaces(2), d(view.body.quota.cashRoomYuan));
        if (gross.gt(0)) {
          const prepayment = await send('/prepayments', { fundId: FUND, payeeId: h.payeeId, year: YEAR, month, grossYuan: gross.toFixed(2), effectiveDate: `${YEAR}-${pad(month)}-01` });
          paid(h.payeeId, prepayment.events[0]!.data['netYuan']);
        }
        const settlement = await send('/settlements', {
          fundId: FUND, payeeId: h.payeeId, year: YEAR, month, claimedYuan: monthlyClaim(h, month), refusals: [],
          effectiveDate: month === 12 ? `${YEAR + 1}-01-05` : `${YEAR}-${pad(month + 1)}-05`,
        });
        paid(h.payeeId, settlement.events[0]!.data['netPaymentYuan']);
      }
    }
  });

  it('records a clawback, liquidated damages and a fine', async () => {
    const clawback = await send('/clawbacks', { fundId: FUND, payeeId: 'H2', serviceYear: YEAR, amountYuan: '50000.00', caseRef: 'ZY-2026-0117', reason: '分解住院', effectiveDate: `${YEAR}-11-20` });
    expect(clawback.events[0]!.data).toMatchObject({ late: false, serviceYear: YEAR });
    const damages = await send('/liquidated-damages', { fundId: FUND, payeeId: 'H3', serviceYear: YEAR, baseYuan: '100000.00', multiplier: '2', ruleId: 'R-ENF-6', caseRef: 'JC-2026-08', reason: '同类不合理费用反复发生', effectiveDate: `${YEAR}-11-21` });
    expect(damages.events[0]!.data).toMatchObject({ amountYuan: '200000.00' });
    const fine = await send('/fines', { fundId: FUND, payeeId: 'H3', serviceYear: YEAR, baseYuan: '100000.00', multiplier: '3', ruleId: 'R-ENF-1', caseRef: 'JC-2026-09', decisionRef: '泉医保罚字〔2026〕9号', effectiveDate: `${YEAR}-11-22` });
    expect(fine.events[0]!.data).toMatchObject({ fineYuan: '300000.00', destination: 'treasury' });
  });

  it('settles the year: WE-4a figures for H1, surplus retained for H2, deposit forfeited for H3', async () => {
    for (const h of HOSPITALS) {
      await send('/assessment-scores', { fundId: FUND, payeeId: h.payeeId, year: YEAR, scorePoints: h.scorePoints, effectiveDate: `${YEAR}-12-20` });
    }
    const breakdown: Record<string, Record<string, string>> = {};
    const inputs: Record<string, Record<string, string>> = {};
    for (const h of HOSPITALS) {
      const answer = await send('/year-end-settlements', { fundId: FUND, payeeId: h.payeeId, year: YEAR, effectiveDate: `${YEAR + 1}-01-20` });
      const settled = answer.events.find((e) => e.type === 'YearEndSettled')!.data as { breakdown: Record<string, string>; inputs: Record<string, string> };
      breakdown[h.payeeId] = settled.breakdown;
      inputs[h.payeeId] = settled.inputs;
      paid(h.payeeId, settled.breakdown['paymentYuan'] ?? '0');
    }
    const forfeit = (payeeId: string, share: string) => d(inputs[payeeId]!['withheldYuan']).times(share).toDecimalPlaces(2).toFixed(2);
    // H1: E = 36,000,000 + 70% of the 2,000,000 overrun; 8% of the deposit forfeited (score 92).
    expect(inputs['H1']).toMatchObject({ quotaYuan: '36000000.00', actualYuan: '38000000.00' });
    expect(breakdown['H1']).toMatchObject({ overrunYuan: '2000000.00', fundOverrunShareYuan: '1400000.00', hospitalOverrunShareYuan: '600000.00', entitlementYuan: '37400000.00', depositForfeitedYuan: forfeit('H1', '0.08') });
    // Over the year H1 received E − D in cash, however the months were split (the accounting identity).
    expect(cashPaid.get('H1')!.toFixed(2)).toBe(d(breakdown['H1']!['entitlementYuan']!).minus(d(breakdown['H1']!['depositForfeitedYuan']!)).toFixed(2));
    // H2: actual 10,950,000 after the 50,000 clawback; the 1,050,000 surplus (< 10% of Q) is retained in cash.
    expect(inputs['H2']).toMatchObject({ actualYuan: '10950000.00', inYearClawbacksYuan: '50000.00' });
    expect(breakdown['H2']).toMatchObject({ surplusYuan: '1050000.00', entitlementYuan: '12000000.00', depositForfeitedYuan: forfeit('H2', '0.15') });
    // H3: a 1,200,000 overrun = 20% of Q: the first 600,000 shared 70/30, the rest borne by the hospital; score 55 < 60.
    expect(breakdown['H3']).toMatchObject({ overrunYuan: '1200000.00', fundOverrunShareYuan: '420000.00', entitlementYuan: '6420000.00', depositReturnedYuan: '0.00', depositForfeitedYuan: inputs['H3']!['withheldYuan'] });
  });

  it('refuses any further posting to the settled year', async () => {
    const answer = await harness.post('/prepayments', { fundId: FUND, payeeId: 'H1', year: YEAR, month: 12, grossYuan: '1.00', effectiveDate: `${YEAR}-12-01` }, 'finance');
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'PERIOD_CLOSED' });
  });

  it('ends with the trial balance at zero, per fund and in total, and every hash chain intact', async () => {
    const trial = await harness.get<{ ok: boolean; total: { balanceYuan: string; debitsYuan: string }; byFund: Array<{ fundId: string; balanceYuan: string }> }>(
      `/journal/trial-balance?minPosition=${lastPosition}`,
    );
    expect(trial.status).toBe(200);
    expect(trial.body.ok).toBe(true);
    expect(trial.body.total.balanceYuan).toBe('0.00');
    expect(d(trial.body.total.debitsYuan).gt(0)).toBe(true);
    expect(trial.body.byFund.map((f) => f.fundId).sort()).toEqual(['EMP-PERSONAL', 'EMP-POOLED', 'MATERNITY', 'TREASURY']);
    for (const fund of trial.body.byFund) expect(fund.balanceYuan).toBe('0.00');
    const verify = await harness.get<{ ok: boolean; eventsChecked: number }>('/audit/verify');
    expect(verify.body.ok).toBe(true);
    expect(verify.body.eventsChecked).toBeGreaterThan(100);
  });

  it('exports the log and replays it on a fresh embedded store (an auditor\'s laptop) to the same figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-full-year-export-'));
    try {
      // The head, not the last answer's position: a year-end's carry-in into next year lands after it.
      const head = String(await harness.store.headPosition());
      const manifest = await exportLog(harness.store, join(dir, 'year.ndjson'));
      expect(manifest.lastPosition).toBe(head);
      const report = await replayExport(join(dir, 'year.ndjson'), join(dir, 'auditor.db'));
      expect(report).toMatchObject({ imported: manifest.count, manifestSha256Matches: true, hashesMatchExport: true });
      expect(report.trialBalance?.ok).toBe(true);
      const registry = harness.app.get(ProjectionRegistry);
      for (const projection of LIVE_PROJECTIONS) {
        const live = await registry.read(projection, { minPosition: head });
        // The copy keeps the live positions, so everything compares, positions included (amounts in the
        // report's two-decimal, unit-last form).
        expect({ projection: projection.name, figures: report.projections?.[projection.name] }).toEqual({
          projection: projection.name,
          figures: reportFigures(projection.toJson(live.state)),
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers the same figures live as from a replay of the whole log', async () => {
    for (const path of [
      `/journal/trial-balance`,
      `/hospital-budgets/summary?fundId=${FUND}&year=${YEAR}`,
      `/over-budget-sharing?fundId=${FUND}&year=${YEAR}`,
      `/fund-balances/${FUND}?year=${YEAR}`,
    ]) {
      const sep = path.includes('?') ? '&' : '?';
      const live = await harness.get<Record<string, unknown>>(`${path}${sep}minPosition=${lastPosition}`);
      const replay = await harness.get<Record<string, unknown>>(`${path}${sep}asOf=${lastPosition}`);
      expect(live.status).toBe(200);
      const strip = (body: Record<string, unknown>) => ({ ...body, asOf: undefined, position: undefined, businessDate: undefined });
      expect(strip(replay.body)).toEqual(strip(live.body));
    }
  });
});
