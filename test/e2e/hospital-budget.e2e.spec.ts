import { randomUUID } from 'node:crypto';
import { CommandEnvelopeFactory, CommandPipeline, deterministicUuid, type Role } from '@ledger/platform';
import { decisionFor } from '../support/decision-for';
import { BudgetPolicyService } from '@ledger/fund-ledger/budget-policy/budget-policy.service';
import { hospitalBudgetDecider } from '@ledger/fund-ledger/hospital-budget/hospital-budget.decider';
import { AppHarness, type HttpAnswer } from '../support/app-harness';
import {
  documentedOperations,
  expectProblem,
  headPosition,
  registerFund,
  type CommandAnswer,
} from '../support/ledger-http';

type Body = Record<string, unknown>;
type EventData = Record<string, unknown>;

interface YearEndAnswer extends CommandAnswer {
  carriedInto: { stream: string; position: string | null };
}

/** GET /hospital-budgets/… (only the parts the specs look at are typed). */
interface BudgetView {
  stream: string;
  position: string;
  asOfPosition: string | null;
  closed: boolean;
  quota: Record<string, unknown>;
  prepayments: Record<string, unknown>;
  settlements: Record<string, unknown>;
  clawbacks: Record<string, unknown>;
  penalties: Record<string, unknown>;
  receivables: { openYuan: string; open: Array<Record<string, unknown>>; recoveredYuan: string };
  actualYuan: string;
  netPaidYuan: string;
  scorePoints: string | null;
  yearEnd: { breakdown: Record<string, unknown>; inputs: Record<string, unknown> } | null;
}

/** The hospital global budget over HTTP: quotas, prepayments, settlements, enforcement, year end, reads. */
describe('hospital global budget over HTTP', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    harness = await AppHarness.start();
  });

  afterAll(async () => {
    await harness.stop();
  });

  // ---- helpers -------------------------------------------------------------------------------------

  const send = (path: string, body: Body, role: Role = 'finance') => harness.post<CommandAnswer>(path, body, role);

  /** A setup step that must succeed: fails loudly with the problem body otherwise. */
  async function ok<T = CommandAnswer>(path: string, body: Body, role: Role = 'finance'): Promise<T> {
    const answer = await harness.post<T>(path, body, role);
    if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** A registered hospital with an active agreement with the fund for the year (unless `agreement: false`). */
  async function hospital(
    fundId: string,
    payeeId: string,
    options: { validFrom?: string; validTo?: string; agreement?: boolean } = {},
  ): Promise<void> {
    await ok('/payees', {
      payeeId,
      name: `${payeeId} 医院`,
      type: 'hospital',
      level: 'secondary',
      class: 'general',
      region: '鲤城区',
    });
    if (options.agreement === false) return;
    await ok('/agreements', {
      payeeId,
      agreementId: `AGR-${payeeId}-${fundId}`,
      fundId,
      validFrom: options.validFrom ?? '2025-01-01',
      validTo: options.validTo ?? '2025-12-31',
    });
  }

  const event = (answer: CommandAnswer, index = 0): EventData => answer.events[index]!.data;

  const setQuota = (
    fundId: string,
    payeeId: string,
    year: number,
    quotaYuan: string,
    effectiveDate = `${year - 1}-12-20`,
  ) => ok('/quotas', { fundId, payeeId, year, quotaYuan, method: 'manual', effectiveDate }, 'planner');

  const prepay = (fundId: string, payeeId: string, year: number, month: number, grossYuan: string) =>
    send('/prepayments', { fundId, payeeId, year, month, grossYuan, effectiveDate: `${year}-${pad(month)}-05` });

  /** Settles month `month` on the 5th of the next month. */
  const settle = (
    fundId: string,
    payeeId: string,
    year: number,
    month: number,
    claimedYuan: string,
    extra: Body = {},
  ) =>
    send('/settlements', {
      fundId,
      payeeId,
      year,
      month,
      claimedYuan,
      refusals: [],
      effectiveDate: month === 12 ? `${year + 1}-01-05` : `${year}-${pad(month + 1)}-05`,
      ...extra,
    });

  const score = (fundId: string, payeeId: string, year: number, scorePoints: string, role: Role = 'finance') =>
    send('/assessment-scores', { fundId, payeeId, year, scorePoints, effectiveDate: `${year}-12-20` }, role);

  const readBudget = (fundId: string, payeeId: string, year: number, query = '', role: Role = 'auditor') =>
    harness.get<BudgetView>(`/hospital-budgets/${fundId}/${payeeId}/${year}${query}`, role);

  const expect201 = (answer: HttpAnswer<object>): void => {
    expect({ httpStatus: answer.status, ...answer.body }).toMatchObject({ httpStatus: 201 });
  };

  // ---- WE-4a, year end, late clawbacks ---------------------------------------------------------------

  describe('WE-4a: prepayments, settlements, score and the year-end settlement (default policy)', () => {
    const FUND = 'BT-EMP';
    const PAYEE = 'H-WE4A';
    let yearEnd: { commandId: string; body: Body; answer: YearEndAnswer };

    beforeAll(async () => {
      await registerFund(harness, FUND, 'employee_pooled');
      await hospital(FUND, PAYEE);
    });

    it('sets the quota (planner): QuotaSet of 36,000,000.00', async () => {
      const answer = await setQuota(FUND, PAYEE, 2025, '36000000.00');
      expect(answer.stream).toBe('budget-BT-EMP.H-WE4A.2025');
      expect(answer.events).toEqual([
        expect.objectContaining({
          type: 'QuotaSet',
          data: expect.objectContaining({ quotaYuan: '36000000.00', currentQuotaYuan: '36000000.00' }),
        }),
      ]);
    });

    it('disburses 12 monthly prepayments of 3,000,000.00, 10% withheld, and settles 38,000,000.00 in all', async () => {
      for (let month = 1; month <= 12; month += 1) {
        const prepaid = await prepay(FUND, PAYEE, 2025, month, '3000000.00');
        expect201(prepaid);
        expect(event(prepaid.body)).toMatchObject({
          month,
          grossYuan: '3000000.00',
          withheldYuan: '300000.00',
          netYuan: '2700000.00',
          policyVersion: 'default',
        });
        const claimed = month === 12 ? '5000000.00' : '3000000.00';
        const settled = await settle(FUND, PAYEE, 2025, month, claimed);
        expect201(settled);
        expect(event(settled.body)).toMatchObject({ month, approvedYuan: claimed, prepaidOffsetYuan: '3000000.00' });
      }
      // December: 2,000,000.00 beyond the prepayment, with no cash room left under the quota (超总控).
      const view = await readBudget(FUND, PAYEE, 2025);
      expect(view.body.settlements).toMatchObject({
        claimedYuan: '38000000.00',
        approvedYuan: '38000000.00',
        deferredPayableYuan: '2000000.00',
      });
      expect(view.body.prepayments).toMatchObject({
        grossYuan: '36000000.00',
        netYuan: '32400000.00',
        withheldDepositYuan: '3600000.00',
      });
      expect(view.body.quota).toMatchObject({
        finalYuan: '36000000.00',
        remainingYuan: '-2000000.00',
        cashRoomYuan: '0.00',
      });
    });

    it('refuses the year end without a score (422 SCORE_MISSING) and freezes nothing', async () => {
      const before = await headPosition(harness);
      const answer = await send('/year-end-settlements', {
        fundId: FUND,
        payeeId: PAYEE,
        year: 2025,
        effectiveDate: '2026-01-20',
      });
      expectProblem(answer, 422, 'SCORE_MISSING');
      expect(await headPosition(harness)).toBe(before);
      expect((await harness.get<{ frozen: unknown }>(`/budget-policies/${FUND}/2025`)).body.frozen).toBeNull();
    });

    it('records the score 92 and settles the year: final payment 4,712,000.00', async () => {
      expect201(await score(FUND, PAYEE, 2025, '92'));
      const commandId = randomUUID();
      const body = { commandId, fundId: FUND, payeeId: PAYEE, year: 2025, effectiveDate: '2026-01-20' };
      const answer = await harness.request<YearEndAnswer>('POST', '/year-end-settlements', { body, role: 'finance' });
      expect201(answer);
      yearEnd = { commandId, body, answer: answer.body };
      expect(answer.body).toMatchObject({ commandId, stream: 'budget-BT-EMP.H-WE4A.2025', replayed: false });
      expect(answer.body.events.map((e) => e.type)).toEqual(['YearEndSettled']);
      expect(event(answer.body)['breakdown']).toMatchObject({
        overrunYuan: '2000000.00',
        fundOverrunShareYuan: '1400000.00',
        hospitalOverrunShareYuan: '600000.00',
        entitlementYuan: '37400000.00',
        depositForfeitedYuan: '288000.00',
        finalYuan: '4712000.00',
        paymentYuan: '4712000.00',
        receivableYuan: '0.00',
        hospitalAbsorbsYuan: '888000.00',
      });
      expect(answer.body.carriedInto).toEqual({
        stream: 'budget-BT-EMP.H-WE4A.2026',
        position: expect.stringMatching(/^\d+$/),
      });
    });

    it('shows the closed year with its breakdown; the fund paid 37,112,000.00 (WE-4 check: 3,800万 − 88.8万)', async () => {
      const view = await readBudget(FUND, PAYEE, 2025);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({
        closed: true,
        scorePoints: '92.00',
        actualYuan: '38000000.00',
        netPaidYuan: '37112000.00',
      });
      expect(view.body.prepayments).toMatchObject({ withheldHeldYuan: '0.00', outstandingYuan: '0.00' });
      expect(view.body.settlements).toMatchObject({ deferredPayableYuan: '0.00' });
      expect(view.body.yearEnd?.breakdown).toMatchObject({
        finalYuan: '4712000.00',
        depositReturnedYuan: '3312000.00',
      });
      expect(view.body.yearEnd?.inputs).toMatchObject({
        quotaYuan: '36000000.00',
        withheldYuan: '3600000.00',
        deferredPayableYuan: '2000000.00',
      });
    });

    it('froze the fund-year policy under a command id derived from the settlement', async () => {
      const policy = await harness.get<{ frozen: { settledStream: string } | null }>(`/budget-policies/${FUND}/2025`);
      expect(policy.body.frozen).toMatchObject({ settledStream: 'budget-BT-EMP.H-WE4A.2025' });
      const history = await harness.get<{ events: Array<{ type: string; metadata: Record<string, unknown> }> }>(
        `/audit/streams/policy-${FUND}-2025/events`,
      );
      const frozen = history.body.events.find((e) => e.type === 'BudgetPolicyFrozen');
      expect(frozen?.metadata).toMatchObject({
        causationId: yearEnd.commandId,
        correlationId: yearEnd.commandId,
        actor: 'e2e-finance',
      });
      expect(frozen?.metadata['commandId']).not.toBe(yearEnd.commandId);
    });

    it('carried nothing but the (empty) receivables into 2026, caused by the settlement', async () => {
      const events = await harness.get<{
        events: Array<{ type: string; data: EventData; metadata: Record<string, unknown> }>;
      }>(`/hospital-budgets/${FUND}/${PAYEE}/2026/events`);
      expect(events.status).toBe(200);
      expect(events.body.events).toHaveLength(1);
      expect(events.body.events[0]).toMatchObject({
        type: 'BalanceCarriedIn',
        data: {
          fromYear: 2025,
          carryForwardCreditYuan: '0.00',
          receivables: [],
          year: 2026,
          effectiveDate: '2026-01-20',
        },
        metadata: { causationId: yearEnd.commandId, correlationId: yearEnd.commandId },
      });
    });

    it('replays a retry of the same year-end command, carry-in included, appending nothing', async () => {
      const before = await headPosition(harness);
      const retry = await harness.request<YearEndAnswer>('POST', '/year-end-settlements', {
        body: yearEnd.body,
        role: 'finance',
      });
      expect201(retry);
      expect(retry.body).toEqual({ ...yearEnd.answer, replayed: true });
      expect(await headPosition(harness)).toBe(before);
    });

    it('answers 409 for the same command id with another body', async () => {
      const reused = await harness.request('POST', '/year-end-settlements', {
        body: { ...yearEnd.body, effectiveDate: '2026-01-21' },
        role: 'finance',
      });
      expectProblem(reused, 409, 'IDEMPOTENCY_KEY_REUSED', 'commandId');
    });

    it('refuses anything posted to the closed year (422 PERIOD_CLOSED)', async () => {
      const before = await headPosition(harness);
      expectProblem(await settle(FUND, PAYEE, 2025, 12, '100.00'), 422, 'PERIOD_CLOSED');
      expectProblem(
        await send('/year-end-settlements', { fundId: FUND, payeeId: PAYEE, year: 2025, effectiveDate: '2026-01-25' }),
        422,
        'PERIOD_CLOSED',
      );
      expectProblem(await score(FUND, PAYEE, 2025, '95'), 422, 'PERIOD_CLOSED');
      expectProblem(
        await send(
          '/quotas/adjustments',
          {
            fundId: FUND,
            payeeId: PAYEE,
            year: 2025,
            reason: 'correction',
            direction: 'increase',
            amountYuan: '1.00',
            note: 'x',
            effectiveDate: '2026-01-25',
          },
          'planner',
        ),
        422,
        'PERIOD_CLOSED',
      );
      expect(await headPosition(harness)).toBe(before);
    });

    it('routes a late clawback about 2025 to the open 2026 period, naming serviceYear 2025', async () => {
      await setQuota(FUND, PAYEE, 2026, '36000000.00', '2026-01-25');
      const commandId = randomUUID();
      const body = {
        commandId,
        fundId: FUND,
        payeeId: PAYEE,
        serviceYear: 2025,
        amountYuan: '7200.00',
        caseRef: 'ZY-2025-0456',
        reason: '出院28日内再次住院',
        ruleId: 'R-ENF-11',
        effectiveDate: '2026-03-10',
      };
      const answer = await harness.request<CommandAnswer>('POST', '/clawbacks', { body, role: 'finance' });
      expect201(answer);
      expect(answer.body.stream).toBe('budget-BT-EMP.H-WE4A.2026');
      expect(event(answer.body)).toMatchObject({
        year: 2026,
        serviceYear: 2025,
        late: true,
        amountYuan: '7200.00',
        receivableId: deterministicUuid(`${commandId}:receivable`),
      });
      // The same command again names the same (derived) receivable and appends nothing.
      const retry = await harness.request<CommandAnswer>('POST', '/clawbacks', { body, role: 'finance' });
      expect(retry.body).toEqual({ ...answer.body, replayed: true });

      const view = await readBudget(FUND, PAYEE, 2026);
      expect(view.body.clawbacks).toEqual({
        inYearYuan: '0.00',
        priorYearsAssessedHereYuan: '7200.00',
        lateByServiceYear: [{ serviceYear: 2025, amountYuan: '7200.00' }],
      });
      expect(view.body.receivables.open).toEqual([
        expect.objectContaining({ kind: 'clawback', serviceYear: 2025, outstandingYuan: '7200.00' }),
      ]);
      expect((await readBudget(FUND, PAYEE, 2025)).body.clawbacks).toMatchObject({
        inYearYuan: '0.00',
        priorYearsAssessedHereYuan: '0.00',
      });
    });

    it('refuses a late clawback dated inside the closed year (422 PERIOD_CLOSED on effectiveDate)', async () => {
      const answer = await send('/clawbacks', {
        fundId: FUND,
        payeeId: PAYEE,
        serviceYear: 2025,
        amountYuan: '100.00',
        caseRef: 'C-1',
        reason: 'x',
        effectiveDate: '2025-12-31',
      });
      expectProblem(answer, 422, 'PERIOD_CLOSED', 'effectiveDate');
    });

    it('routes liquidated damages and a fine about the closed 2025 to 2026 as well', async () => {
      const damages = await send('/liquidated-damages', {
        fundId: FUND,
        payeeId: PAYEE,
        serviceYear: 2025,
        baseYuan: '8000.00',
        multiplier: '2',
        ruleId: 'R-ENF-7',
        caseRef: 'ZY-2025-0789',
        reason: '挂床住院',
        effectiveDate: '2026-03-11',
      });
      expect201(damages);
      expect(damages.body.stream).toBe('budget-BT-EMP.H-WE4A.2026');
      expect(event(damages.body)).toMatchObject({ amountYuan: '16000.00', year: 2026, serviceYear: 2025, late: true });
      const fine = await send('/fines', {
        fundId: FUND,
        payeeId: PAYEE,
        serviceYear: 2025,
        baseYuan: '100000.00',
        multiplier: '2',
        ruleId: 'R-ENF-1',
        caseRef: 'JC-2025-12',
        decisionRef: '泉医保罚字〔2026〕6号',
        effectiveDate: '2026-03-12',
      });
      expect201(fine);
      expect(fine.body.stream).toBe('budget-BT-EMP.H-WE4A.2026');
      expect(event(fine.body)).toMatchObject({ fineYuan: '200000.00', destination: 'treasury', serviceYear: 2025, late: true });
      const view = await readBudget(FUND, PAYEE, 2026);
      expect(view.body.penalties).toEqual({
        liquidatedDamagesYuan: '16000.00',
        liquidatedDamagesByRule: [{ ruleId: 'R-ENF-7', amountYuan: '16000.00' }],
        finesToTreasuryYuan: '200000.00',
        finesByRule: [{ ruleId: 'R-ENF-1', amountYuan: '200000.00' }],
      });
      // Fines are owed to the treasury, not the fund: not a receivable.
      expect(view.body.receivables.openYuan).toBe('23200.00');
    });

    it('recovers the receivables oldest first (RecoverReceivable)', async () => {
      const answer = await send('/receivable-recoveries', {
        fundId: FUND,
        payeeId: PAYEE,
        year: 2026,
        amountYuan: '10000.00',
        effectiveDate: '2026-04-01',
      });
      expect201(answer);
      expect(event(answer.body)['allocations']).toEqual([
        expect.objectContaining({ amountYuan: '7200.00', outstandingAfterYuan: '0.00' }),
        expect.objectContaining({ amountYuan: '2800.00', outstandingAfterYuan: '13200.00' }),
      ]);
      expectProblem(
        await send('/receivable-recoveries', {
          fundId: FUND,
          payeeId: PAYEE,
          year: 2026,
          amountYuan: '13200.01',
          effectiveDate: '2026-04-02',
        }),
        422,
        'RECOVERY_EXCEEDS_OUTSTANDING',
        'amountYuan',
      );
      expect((await readBudget(FUND, PAYEE, 2026)).body.receivables).toMatchObject({
        openYuan: '13200.00',
        recoveredYuan: '10000.00',
      });
    });
  });

  describe("WE-1 B: a surplus rolled over (滚存) is carried into next year's quota", () => {
    const FUND = 'WD-NCMS';
    const PAYEE = 'H-WD';

    beforeAll(async () => {
      await registerFund(harness, FUND, 'resident_pooled');
      await hospital(FUND, PAYEE);
      // 文登: overrun borne 100% by the hospital, surplus rolled over in full, no deposit.
      await ok(
        '/budget-policies',
        {
          fundId: FUND,
          year: 2025,
          changes: {
            depositWithholdRate: '0',
            overrunTiers: [{ upToQuotaRatio: null, fundShare: '0' }],
            surplusTiers: [{ upToQuotaRatio: null, retainedShare: '1' }],
            retentionMode: 'carry_forward',
            // H-WD2's figures below are those of a clawback that lowers the actual (issue #14 §4).
            clawbackTreatment: 'reduce_actual',
          },
        },
        'planner',
      );
    });

    it('settles 4,300,000.00 against 4,710,000.00 and carries 410,000.00 into 2026', async () => {
      await setQuota(FUND, PAYEE, 2025, '4710000.00');
      expect201(await settle(FUND, PAYEE, 2025, 6, '4300000.00'));
      expect201(await score(FUND, PAYEE, 2025, '90', 'planner'));
      const answer = await ok<YearEndAnswer>('/year-end-settlements', {
        fundId: FUND,
        payeeId: PAYEE,
        year: 2025,
        effectiveDate: '2026-01-15',
      });
      expect(event(answer)['breakdown']).toMatchObject({
        surplusYuan: '410000.00',
        retentionMode: 'carry_forward',
        carryForwardCreditYuan: '410000.00',
        retainedPaidYuan: '0.00',
        finalYuan: '0.00',
      });
      expect(answer.carriedInto.stream).toBe('budget-WD-NCMS.H-WD.2026');

      const carried = await readBudget(FUND, PAYEE, 2026);
      expect(carried.body.quota).toMatchObject({
        initialYuan: null,
        carriedInYuan: '410000.00',
        carriedInFromYears: [2025],
        finalYuan: null,
      });

      const quota = await setQuota(FUND, PAYEE, 2026, '4710000.00', '2026-01-16');
      expect(event(quota)).toMatchObject({
        quotaYuan: '4710000.00',
        carriedInYuan: '410000.00',
        currentQuotaYuan: '5120000.00',
      });
      expect((await readBudget(FUND, PAYEE, 2026)).body.quota).toMatchObject({
        initialYuan: '4710000.00',
        carriedInYuan: '410000.00',
        finalYuan: '5120000.00',
      });
    });

    it('carries the open receivables (an in-year clawback and the year-end balance owed) with the credit', async () => {
      const payee = 'H-WD2';
      await hospital(FUND, payee);
      await setQuota(FUND, payee, 2025, '1200000.00');
      expect201(await prepay(FUND, payee, 2025, 1, '1200000.00'));
      expect201(await settle(FUND, payee, 2025, 1, '700000.00'));
      const clawback = await send('/clawbacks', {
        fundId: FUND,
        payeeId: payee,
        serviceYear: 2025,
        amountYuan: '100000.00',
        caseRef: 'ZY-9',
        reason: '串换项目',
        receivableId: 'CB-WD2-1',
        effectiveDate: '2025-09-01',
      });
      expect201(clawback);
      expect(event(clawback.body)).toMatchObject({ year: 2025, late: false });
      expect201(await score(FUND, payee, 2025, '80'));

      // The fund-year policy is already frozen by H-WD's settlement: this one's freeze appends nothing.
      const answer = await ok<YearEndAnswer>('/year-end-settlements', {
        fundId: FUND,
        payeeId: payee,
        year: 2025,
        effectiveDate: '2026-01-16',
      });
      expect(event(answer)).toMatchObject({
        yearEndReceivable: { receivableId: 'year-end-WD-NCMS-H-WD2-2025', amountYuan: '500000.00' },
        breakdown: expect.objectContaining({ carryForwardCreditYuan: '600000.00', finalYuan: '-500000.00' }),
      });
      const policy = await harness.get<{ events: Array<{ type: string }> }>(
        `/audit/streams/policy-${FUND}-2025/events`,
      );
      expect(policy.body.events.filter((e) => e.type === 'BudgetPolicyFrozen')).toHaveLength(1);

      const next = await readBudget(FUND, payee, 2026);
      expect(next.body.quota).toMatchObject({ carriedInYuan: '600000.00', carriedInFromYears: [2025] });
      expect(next.body.receivables.open).toEqual([
        expect.objectContaining({
          receivableId: 'CB-WD2-1',
          kind: 'clawback',
          serviceYear: 2025,
          outstandingYuan: '100000.00',
        }),
        expect.objectContaining({
          receivableId: 'year-end-WD-NCMS-H-WD2-2025',
          kind: 'year_end_settlement',
          serviceYear: 2025,
          outstandingYuan: '500000.00',
        }),
      ]);
      // Recovered where they now live: the 2026 stream (2025 is closed).
      await setQuota(FUND, payee, 2026, '1000000.00', '2026-01-17');
      const recovery = await send('/receivable-recoveries', {
        fundId: FUND,
        payeeId: payee,
        year: 2026,
        amountYuan: '500000.00',
        receivableId: 'year-end-WD-NCMS-H-WD2-2025',
        effectiveDate: '2026-02-01',
      });
      expect201(recovery);
      expectProblem(
        await send('/receivable-recoveries', {
          fundId: FUND,
          payeeId: payee,
          year: 2025,
          amountYuan: '1.00',
          effectiveDate: '2026-02-01',
        }),
        422,
        'PERIOD_CLOSED',
      );
    });
  });

  describe('WE-12: one claim paid by two funds', () => {
    const FUND = 'QZ-EMP';
    const AID = 'QZ-AID';
    const PAYEE = 'H-QZ';

    beforeAll(async () => {
      await registerFund(harness, FUND, 'employee_pooled');
      await registerFund(harness, AID, 'medical_assistance');
      await hospital(FUND, PAYEE);
      await setQuota(FUND, PAYEE, 2025, '10000000.00');
    });

    it('splits 3,684,700.00 into 2,579,290.00 (basic) and 1,105,410.00 (assistance)', async () => {
      const answer = await settle(FUND, PAYEE, 2025, 3, '3684700.00', { coFunding: { fundId: AID, ratio: '0.30' } });
      expect201(answer);
      expect(event(answer.body)).toMatchObject({
        approvedYuan: '3684700.00',
        primaryApprovedYuan: '2579290.00',
        coFunding: { fundId: AID, ratio: '0.30', primaryYuan: '2579290.00', coFundedYuan: '1105410.00' },
      });
      expect((await readBudget(FUND, PAYEE, 2025)).body.settlements).toMatchObject({
        approvedYuan: '2579290.00',
        coFundedYuan: '1105410.00',
      });
    });

    it('a retry completes an interrupted year end: policy frozen and year settled, carry-in missing', async () => {
      expect201(await score(FUND, PAYEE, 2025, '85'));
      const commandId = randomUUID();
      const fields = { fundId: FUND, payeeId: PAYEE, year: 2025, effectiveDate: '2026-01-20' };
      // Steps 2 and 3 as an attempt that stopped before step 4 would have left them.
      const envelopes = harness.app.get(CommandEnvelopeFactory);
      const principal = { actor: 'e2e-finance', role: 'finance' } as const;
      const policies = harness.app.get(BudgetPolicyService);
      const stream = 'budget-QZ-EMP.H-QZ.2025';
      const freezeBody = { fundId: FUND, year: 2025, settledStream: stream };
      await policies.freezeForYearEnd(
        FUND,
        2025,
        stream,
        envelopes.internal(
          principal,
          deterministicUuid(`${commandId}:freeze-policy`),
          freezeBody,
          commandId,
          '2026-01-20',
        ),
      );
      const policy = await policies.snapshot(FUND, 2025);
      const settled = await harness.app.get(CommandPipeline).execute(
        envelopes.internal(principal, commandId, fields, undefined, '2026-01-20'),
        decisionFor(stream, hospitalBudgetDecider, {
          type: 'SettleYearEnd',
          fundId: FUND,
          payeeId: PAYEE,
          year: 2025,
          policy,
        }),
      );
      expect((await harness.get(`/hospital-budgets/${FUND}/${PAYEE}/2026`)).status).toBe(404);

      const retry = await harness.request<YearEndAnswer>('POST', '/year-end-settlements', {
        body: { commandId, ...fields },
        role: 'finance',
      });
      expect201(retry);
      expect(retry.body).toMatchObject({
        replayed: true,
        position: settled.position,
        events: [expect.objectContaining({ type: 'YearEndSettled' })],
      });
      expect(retry.body.carriedInto).toEqual({
        stream: 'budget-QZ-EMP.H-QZ.2026',
        position: expect.stringMatching(/^\d+$/),
      });
      const carried = await harness.get<{ events: Array<{ type: string; metadata: Record<string, unknown> }> }>(
        `/hospital-budgets/${FUND}/${PAYEE}/2026/events`,
      );
      expect(carried.body.events).toEqual([
        expect.objectContaining({
          type: 'BalanceCarriedIn',
          metadata: expect.objectContaining({
            commandId: deterministicUuid(`${commandId}:carry-in`),
            causationId: commandId,
          }),
        }),
      ]);
    });

    it('answers 404 FUND_NOT_FOUND for an unregistered co-fund, appending nothing', async () => {
      const before = await headPosition(harness);
      expectProblem(
        await settle(FUND, PAYEE, 2025, 4, '100.00', { coFunding: { fundId: 'NO-SUCH-FUND', ratio: '0.30' } }),
        404,
        'FUND_NOT_FOUND',
        'coFunding.fundId',
      );
      expect(await headPosition(harness)).toBe(before);
    });
  });

  // ---- refusals ---------------------------------------------------------------------------------------

  describe('business rules (422) and unknown references (404)', () => {
    const FUND = 'RULES-EMP';

    beforeAll(async () => {
      await registerFund(harness, FUND, 'employee_pooled');
      await hospital(FUND, 'H-RULES');
      await setQuota(FUND, 'H-RULES', 2025, '1200000.00');
    });

    it('QUOTA_EXCEEDED: cash toward the year may not pass the quota (超总控)', async () => {
      expect201(await prepay(FUND, 'H-RULES', 2025, 1, '1000000.00'));
      expectProblem(await prepay(FUND, 'H-RULES', 2025, 2, '200000.01'), 422, 'QUOTA_EXCEEDED', 'grossYuan');
    });

    it('MONTH_ALREADY_PREPAID: one prepayment per month', async () => {
      expectProblem(await prepay(FUND, 'H-RULES', 2025, 1, '100.00'), 422, 'MONTH_ALREADY_PREPAID', 'month');
    });

    it('REFUSAL_EXCEEDS_CLAIM: refusals beyond the claim go to liquidated damages instead', async () => {
      const refusals = [
        { ruleId: 'R-ENF-7', caseRef: 'ZY-1', baseYuan: '8000.00', multiplier: '2', includesBase: false },
      ];
      expectProblem(
        await settle(FUND, 'H-RULES', 2025, 1, '10000.00', { refusals }),
        422,
        'REFUSAL_EXCEEDS_CLAIM',
        'refusals',
      );
      const accepted = await settle(FUND, 'H-RULES', 2025, 1, '30000.00', { refusals });
      expect201(accepted);
      expect(event(accepted.body)).toMatchObject({ refusedYuan: '24000.00', approvedYuan: '6000.00' });
      expect((await readBudget(FUND, 'H-RULES', 2025)).body.settlements).toMatchObject({
        claimedYuan: '30000.00',
        refusedYuan: '24000.00',
        refusedByRule: [{ ruleId: 'R-ENF-7', refusedYuan: '24000.00' }],
      });
    });

    it('an in-year clawback stays in its open year; CLAWBACK_EXCEEDS_APPROVED beyond what was approved', async () => {
      const inYear = await send('/clawbacks', {
        fundId: FUND,
        payeeId: 'H-RULES',
        serviceYear: 2025,
        amountYuan: '1000.00',
        caseRef: 'ZY-2',
        reason: '重复收费',
        effectiveDate: '2025-03-01',
      });
      expect201(inYear);
      expect(inYear.body.stream).toBe('budget-RULES-EMP.H-RULES.2025');
      expect(event(inYear.body)).toMatchObject({ serviceYear: 2025, late: false });
      expectProblem(
        await send('/clawbacks', {
          fundId: FUND,
          payeeId: 'H-RULES',
          serviceYear: 2025,
          amountYuan: '5000.01',
          caseRef: 'ZY-3',
          reason: 'x',
          effectiveDate: '2025-03-02',
        }),
        422,
        'CLAWBACK_EXCEEDS_APPROVED',
        'amountYuan',
      );
    });

    it('AGREEMENT_INACTIVE: no agreement with the fund, or a suspended one', async () => {
      await hospital(FUND, 'H-NOAGR', { agreement: false });
      await setQuota(FUND, 'H-NOAGR', 2025, '1000000.00');
      expectProblem(await prepay(FUND, 'H-NOAGR', 2025, 1, '100.00'), 422, 'AGREEMENT_INACTIVE', 'agreement');

      await hospital(FUND, 'H-SUSP');
      await setQuota(FUND, 'H-SUSP', 2025, '1000000.00');
      await ok('/agreements/suspensions', {
        payeeId: 'H-SUSP',
        fundId: FUND,
        reason: '分解住院，暂停结算',
        effectiveDate: '2025-02-01',
      });
      expectProblem(await prepay(FUND, 'H-SUSP', 2025, 3, '100.00'), 422, 'AGREEMENT_INACTIVE', 'agreement');
      expectProblem(await settle(FUND, 'H-SUSP', 2025, 2, '100.00'), 422, 'AGREEMENT_INACTIVE', 'agreement');
    });

    it('SCORE_MISSING: no year end before the score, and the policy stays unfrozen', async () => {
      const before = await headPosition(harness);
      expectProblem(
        await send('/year-end-settlements', {
          fundId: FUND,
          payeeId: 'H-RULES',
          year: 2025,
          effectiveDate: '2026-01-20',
        }),
        422,
        'SCORE_MISSING',
      );
      expect(await headPosition(harness)).toBe(before);
      expect((await harness.get<{ frozen: unknown }>(`/budget-policies/${FUND}/2025`)).body.frozen).toBeNull();
    });

    it('409 ALREADY_EXISTS for a second quota; 422 QUOTA_NOT_SET for a prepayment without one', async () => {
      expectProblem(
        await send(
          '/quotas',
          {
            fundId: FUND,
            payeeId: 'H-RULES',
            year: 2025,
            quotaYuan: '1.00',
            method: 'manual',
            effectiveDate: '2025-01-02',
          },
          'planner',
        ),
        409,
        'ALREADY_EXISTS',
      );
      expectProblem(await prepay(FUND, 'H-RULES', 2024, 1, '100.00'), 422, 'QUOTA_NOT_SET');
    });

    it('adjusts the quota with its reason; never below the cash already paid', async () => {
      const increase = await send(
        '/quotas/adjustments',
        {
          fundId: FUND,
          payeeId: 'H-RULES',
          year: 2025,
          reason: 'normal_overrun_increase',
          direction: 'increase',
          amountYuan: '300000.00',
          note: '新技术开展',
          effectiveDate: '2025-06-01',
        },
        'planner',
      );
      expect201(increase);
      expect(event(increase.body)).toMatchObject({
        previousQuotaYuan: '1200000.00',
        deltaYuan: '300000.00',
        newQuotaYuan: '1500000.00',
      });
      const downgrade = await send(
        '/quotas/adjustments',
        {
          fundId: FUND,
          payeeId: 'H-RULES',
          year: 2025,
          reason: 'violation_downgrade',
          direction: 'decrease',
          downgradePercent: '5',
          note: '指标下浮',
          effectiveDate: '2025-06-02',
        },
        'planner',
      );
      expect(event(downgrade.body)).toMatchObject({ deltaYuan: '-75000.00', newQuotaYuan: '1425000.00' });
      expectProblem(
        await send(
          '/quotas/adjustments',
          {
            fundId: FUND,
            payeeId: 'H-RULES',
            year: 2025,
            reason: 'correction',
            direction: 'decrease',
            amountYuan: '1000000.00',
            note: 'x',
            effectiveDate: '2025-06-03',
          },
          'planner',
        ),
        422,
        'INVALID_QUOTA_ADJUSTMENT',
        'amountYuan',
      );
    });

    it('404 FUND_NOT_FOUND and PAYEE_NOT_FOUND before any stream is written', async () => {
      const before = await headPosition(harness);
      expectProblem(await prepay('NO-FUND', 'H-RULES', 2025, 5, '100.00'), 404, 'FUND_NOT_FOUND', 'fundId');
      expectProblem(await prepay(FUND, 'NO-PAYEE', 2025, 5, '100.00'), 404, 'PAYEE_NOT_FOUND', 'payeeId');
      expectProblem(
        await send(
          '/quotas',
          {
            fundId: FUND,
            payeeId: 'NO-PAYEE',
            year: 2025,
            quotaYuan: '1.00',
            method: 'manual',
            effectiveDate: '2025-01-02',
          },
          'planner',
        ),
        404,
        'PAYEE_NOT_FOUND',
        'payeeId',
      );
      expectProblem(
        await send('/year-end-settlements', {
          fundId: 'NO-FUND',
          payeeId: 'H-RULES',
          year: 2025,
          effectiveDate: '2026-01-20',
        }),
        404,
        'FUND_NOT_FOUND',
        'fundId',
      );
      expect(await headPosition(harness)).toBe(before);
    });
  });

  // ---- the command contract -------------------------------------------------------------------------

  describe('validation, idempotency and roles', () => {
    const FUND = 'CTR-EMP';
    const PAYEE = 'H-CTR';

    beforeAll(async () => {
      await registerFund(harness, FUND, 'employee_pooled');
      await hospital(FUND, PAYEE);
      await setQuota(FUND, PAYEE, 2025, '12000000.00');
    });

    it.each([
      ['three places', '1.005'],
      ['an exponent', '1e3'],
      ['a sign', '-1'],
      ['a JSON number', 12.5],
      ['NaN', 'NaN'],
      ['zero', '0'],
    ])('refuses money with %s (400 naming grossYuan), appending nothing', async (_label, grossYuan) => {
      const before = await headPosition(harness);
      const answer = await send('/prepayments', {
        fundId: FUND,
        payeeId: PAYEE,
        year: 2025,
        month: 1,
        grossYuan,
        effectiveDate: '2025-01-05',
      });
      expectProblem(answer, 400, 'VALIDATION_FAILED', 'grossYuan');
      expect(await headPosition(harness)).toBe(before);
    });

    it.each([
      [
        'a nested amount',
        { refusals: [{ ruleId: 'R-1', baseYuan: '1.005', multiplier: '2', includesBase: true }] },
        'refusals[0].baseYuan',
      ],
      [
        'a multiplier as a number',
        { refusals: [{ ruleId: 'R-1', baseYuan: '10.00', multiplier: 2, includesBase: true }] },
        'refusals[0].multiplier',
      ],
      [
        'a multiplier over 10',
        { refusals: [{ ruleId: 'R-1', baseYuan: '10.00', multiplier: '11', includesBase: true }] },
        'refusals[0].multiplier',
      ],
      [
        'an unknown refusal field',
        { refusals: [{ ruleId: 'R-1', baseYuan: '10.00', multiplier: '1', includesBase: true, extra: 1 }] },
        'refusals[0].extra',
      ],
      [
        '501 refusals',
        {
          refusals: Array.from({ length: 501 }, () => ({
            ruleId: 'R-1',
            baseYuan: '1.00',
            multiplier: '1',
            includesBase: true,
          })),
        },
        'refusals',
      ],
      ['a co-funding ratio as a number', { coFunding: { fundId: 'QZ-AID', ratio: 0.3 } }, 'coFunding.ratio'],
      ['a claim in NaN', { claimedYuan: 'NaN' }, 'claimedYuan'],
      ['month 13', { month: 13 }, 'month'],
      ['a year as a string', { year: '2025' }, 'year'],
    ])('refuses a settlement with %s (400 naming the field)', async (_label, override, field) => {
      const body = {
        fundId: FUND,
        payeeId: PAYEE,
        year: 2025,
        month: 1,
        claimedYuan: '100.00',
        refusals: [],
        effectiveDate: '2025-02-05',
        ...override,
      };
      expectProblem(await send('/settlements', body), 400, 'VALIDATION_FAILED', field);
    });

    it('refuses a score with three places and a score as a number (400)', async () => {
      expectProblem(
        await send('/assessment-scores', { fundId: FUND, payeeId: PAYEE, year: 2025, scorePoints: '92.125' }),
        400,
        'VALIDATION_FAILED',
        'scorePoints',
      );
      expectProblem(
        await send('/assessment-scores', { fundId: FUND, payeeId: PAYEE, year: 2025, scorePoints: 92 }),
        400,
        'VALIDATION_FAILED',
        'scorePoints',
      );
    });

    it('records a composite score (WE-15: 0.9 × 95 + 0.1 × 80 = 93.50) as planner', async () => {
      const answer = await send(
        '/assessment-scores',
        {
          fundId: FUND,
          payeeId: PAYEE,
          year: 2025,
          components: [
            { name: '医保局考核', weight: '0.9', scorePoints: '95' },
            { name: '满意度调查', weight: '0.1', scorePoints: '80' },
          ],
          effectiveDate: '2025-11-25',
        },
        'planner',
      );
      expect201(answer);
      expect(event(answer.body)).toMatchObject({ scorePoints: '93.50', previousScorePoints: null });
    });

    it('replays a retried prepayment (same id and body) and appends nothing; another body is 409', async () => {
      const body = {
        commandId: randomUUID(),
        fundId: FUND,
        payeeId: PAYEE,
        year: 2025,
        month: 2,
        grossYuan: '1000000.00',
        effectiveDate: '2025-02-05',
      };
      const first = await harness.request<CommandAnswer>('POST', '/prepayments', { body, role: 'finance' });
      expect201(first);
      const before = await headPosition(harness);
      const retry = await harness.request<CommandAnswer>('POST', '/prepayments', { body, role: 'finance' });
      expect201(retry);
      expect(retry.body).toEqual({ ...first.body, replayed: true });
      expect(await headPosition(harness)).toBe(before);

      const reused = await harness.request('POST', '/prepayments', {
        body: { ...body, grossYuan: '999999.00' },
        role: 'finance',
      });
      expectProblem(reused, 409, 'IDEMPOTENCY_KEY_REUSED', 'commandId');
      expect(await headPosition(harness)).toBe(before);
      expect((await readBudget(FUND, PAYEE, 2025)).body.prepayments).toMatchObject({
        months: [2],
        grossYuan: '1000000.00',
      });
    });

    const writes: Array<[string, Body]> = [
      ['/quotas', { fundId: FUND, payeeId: PAYEE, year: 2027, quotaYuan: '1.00', method: 'manual' }],
      [
        '/quotas/adjustments',
        {
          fundId: FUND,
          payeeId: PAYEE,
          year: 2025,
          reason: 'correction',
          direction: 'increase',
          amountYuan: '1.00',
          note: 'x',
        },
      ],
      ['/prepayments', { fundId: FUND, payeeId: PAYEE, year: 2025, month: 3, grossYuan: '1.00' }],
      ['/settlements', { fundId: FUND, payeeId: PAYEE, year: 2025, month: 3, claimedYuan: '1.00', refusals: [] }],
      [
        '/clawbacks',
        { fundId: FUND, payeeId: PAYEE, serviceYear: 2025, amountYuan: '1.00', caseRef: 'C', reason: 'x' },
      ],
      ['/receivable-recoveries', { fundId: FUND, payeeId: PAYEE, year: 2025, amountYuan: '1.00' }],
      [
        '/liquidated-damages',
        {
          fundId: FUND,
          payeeId: PAYEE,
          serviceYear: 2025,
          baseYuan: '1.00',
          multiplier: '1',
          ruleId: 'R',
          caseRef: 'C',
          reason: 'x',
        },
      ],
      [
        '/fines',
        {
          fundId: FUND,
          payeeId: PAYEE,
          serviceYear: 2025,
          baseYuan: '1.00',
          multiplier: '2',
          ruleId: 'R',
          caseRef: 'C',
          decisionRef: 'D',
        },
      ],
      ['/assessment-scores', { fundId: FUND, payeeId: PAYEE, year: 2025, scorePoints: '90' }],
      ['/year-end-settlements', { fundId: FUND, payeeId: PAYEE, year: 2025 }],
    ];

    it.each(writes)('forbids %s to the auditor (403), appending nothing', async (path, body) => {
      const before = await headPosition(harness);
      expectProblem(await send(path, body, 'auditor'), 403, 'FORBIDDEN');
      expect(await headPosition(harness)).toBe(before);
    });

    it('keeps quotas to planners and money to finance', async () => {
      const [quotas, adjustments, prepayments, settlements] = writes;
      expectProblem(await send(quotas![0], quotas![1], 'finance'), 403, 'FORBIDDEN');
      expectProblem(await send(adjustments![0], adjustments![1], 'finance'), 403, 'FORBIDDEN');
      expectProblem(await send(prepayments![0], prepayments![1], 'planner'), 403, 'FORBIDDEN');
      expectProblem(await send(settlements![0], settlements![1], 'planner'), 403, 'FORBIDDEN');
      expectProblem(
        await send('/year-end-settlements', { fundId: FUND, payeeId: PAYEE, year: 2025 }, 'planner'),
        403,
        'FORBIDDEN',
      );
    });
  });

  // ---- reads ------------------------------------------------------------------------------------------

  describe('reads: GET /hospital-budgets/:fundId/:payeeId/:year[/events]', () => {
    const FUND = 'READ-EMP';
    const PAYEE = 'H-READ';
    let positions: string[] = [];

    beforeAll(async () => {
      await registerFund(harness, FUND, 'employee_pooled');
      await hospital(FUND, PAYEE);
      const quota = await setQuota(FUND, PAYEE, 2025, '2400000.00');
      const first = await prepay(FUND, PAYEE, 2025, 1, '200000.00');
      const second = await prepay(FUND, PAYEE, 2025, 2, '200000.00');
      positions = [quota.position!, first.body.position!, second.body.position!];
    });

    it('folds the stream for every role, the auditor included', async () => {
      for (const role of ['auditor', 'finance', 'planner', 'admin'] as const) {
        const view = await readBudget(FUND, PAYEE, 2025, '', role);
        expect(view.status).toBe(200);
        expect(view.body).toMatchObject({
          stream: 'budget-READ-EMP.H-READ.2025',
          position: positions[2],
          asOfPosition: null,
          closed: false,
        });
        expect(view.body.prepayments).toMatchObject({
          months: [1, 2],
          grossYuan: '400000.00',
          netYuan: '360000.00',
          withheldDepositYuan: '40000.00',
          outstandingYuan: '400000.00',
        });
        expect(view.body.quota).toMatchObject({
          initialYuan: '2400000.00',
          finalYuan: '2400000.00',
          remainingYuan: '2400000.00',
          cashRoomYuan: '2000000.00',
        });
      }
    });

    it('answers as the hospital-year stood at asOfPosition', async () => {
      const atFirst = await readBudget(FUND, PAYEE, 2025, `?asOfPosition=${positions[1]}`);
      expect(atFirst.body).toMatchObject({ position: positions[1], asOfPosition: positions[1] });
      expect(atFirst.body.prepayments).toMatchObject({ months: [1], grossYuan: '200000.00' });
      const atQuota = await readBudget(FUND, PAYEE, 2025, `?asOfPosition=${positions[0]}`);
      expect(atQuota.body.prepayments).toMatchObject({ months: [], grossYuan: '0.00' });
      const before = BigInt(positions[0]!) - 1n;
      expectProblem(
        await readBudget(FUND, PAYEE, 2025, `?asOfPosition=${before.toString()}`),
        404,
        'HOSPITAL_YEAR_NOT_FOUND',
      );
    });

    it('answers 404 for a hospital-year without events and 400 for malformed parameters', async () => {
      expectProblem(await readBudget(FUND, PAYEE, 2031), 404, 'HOSPITAL_YEAR_NOT_FOUND', 'payeeId');
      expectProblem(await readBudget(FUND, PAYEE, 2025, '?asOfPosition=abc'), 400, 'VALIDATION_FAILED', 'asOfPosition');
      expectProblem(await readBudget(FUND, 'bad.id', 2025), 400, 'VALIDATION_FAILED', 'payeeId');
      expectProblem(await readBudget(FUND, PAYEE, 1999), 400, 'VALIDATION_FAILED', 'year');
    });

    it('lists the events with their metadata, a page at a time', async () => {
      const url = `/hospital-budgets/${FUND}/${PAYEE}/2025/events`;
      const page = await harness.get<{
        events: Array<{ type: string; revision: string; position: string; metadata: Record<string, unknown> }>;
        nextFromRevision: string | null;
      }>(`${url}?limit=2`);
      expect(page.status).toBe(200);
      expect(page.body.events.map((e) => [e.type, e.revision, e.position])).toEqual([
        ['QuotaSet', '0', positions[0]],
        ['PrepaymentDisbursed', '1', positions[1]],
      ]);
      expect(page.body.events[1]!.metadata).toMatchObject({
        actor: 'e2e-finance',
        role: 'finance',
        effectiveDate: '2025-01-05',
      });
      expect(page.body.nextFromRevision).toBe('2');
      const rest = await harness.get<{ events: unknown[]; nextFromRevision: string | null }>(
        `${url}?fromRevision=2&limit=2`,
      );
      expect(rest.body.events).toHaveLength(1);
      expect(rest.body.nextFromRevision).toBeNull();
      expectProblem(await harness.get(`${url}?limit=1001`), 400, 'VALIDATION_FAILED', 'limit');
      expectProblem(
        await harness.get(`/hospital-budgets/${FUND}/${PAYEE}/2031/events`),
        404,
        'HOSPITAL_YEAR_NOT_FOUND',
      );
    });

    it('documents every endpoint in /docs', async () => {
      const paths = await documentedOperations(harness);
      for (const path of [
        '/quotas',
        '/quotas/adjustments',
        '/prepayments',
        '/settlements',
        '/clawbacks',
        '/receivable-recoveries',
        '/liquidated-damages',
        '/fines',
        '/assessment-scores',
        '/year-end-settlements',
      ]) {
        expect(paths[path]?.['post']?.responses).toHaveProperty('201');
      }
      expect(paths['/hospital-budgets/{fundId}/{payeeId}/{year}']?.['get']?.responses).toHaveProperty('200');
      expect(paths['/hospital-budgets/{fundId}/{payeeId}/{year}/events']?.['get']?.responses).toHaveProperty('200');
    });
  });

  // ---- issue #14 §4: clawbackTreatment ---------------------------------------------------------------

  describe('clawbackTreatment over HTTP (issue #14 §4): a clawback that keeps its bite at year end', () => {
    // Q 1,000,000.00 for every hospital-year; no prepayments, so nothing is withheld (W = D = 0) and a
    // settlement pays cash up to the quota and defers the rest (DP). The clawback comes after the last
    // settlement, so it stays a receivable the hospital owes: hospital net = settlement cash + final − C.
    const DEDUCT = 'CB-DEDUCT';
    const REDUCE = 'CB-REDUCE';
    const yearEndOf = async (fundId: string, payeeId: string): Promise<EventData> => {
      const answer = await ok<YearEndAnswer>('/year-end-settlements', { fundId, payeeId, year: 2025, effectiveDate: '2026-01-20' });
      return answer.events.find((e) => e.type === 'YearEndSettled')!.data;
    };
    const clawbackOf = (fundId: string, payeeId: string, amountYuan: string) =>
      ok('/clawbacks', { fundId, payeeId, serviceYear: 2025, amountYuan, caseRef: 'ZY-CB', reason: '分解住院', effectiveDate: '2025-09-01' });

    beforeAll(async () => {
      for (const fundId of [DEDUCT, REDUCE]) {
        await registerFund(harness, fundId, 'employee_pooled');
        for (const payeeId of [`${fundId}-OVER`, `${fundId}-KEEP`]) {
          await hospital(fundId, payeeId);
          await setQuota(fundId, payeeId, 2025, '1000000.00');
        }
      }
      // A first set that does not name the treatment records the new default, deduct_from_entitlement.
      await ok('/budget-policies', { fundId: DEDUCT, year: 2025, changes: { depositReturnMinScore: '60' } }, 'planner');
      await ok('/budget-policies', { fundId: REDUCE, year: 2025, changes: { clawbackTreatment: 'reduce_actual' } }, 'planner');
      for (const fundId of [DEDUCT, REDUCE]) {
        expect201(await settle(fundId, `${fundId}-OVER`, 2025, 1, '1300000.00')); // 1,000,000 paid, 300,000 deferred
        expect201(await settle(fundId, `${fundId}-KEEP`, 2025, 1, '950000.00')); // all paid
        await clawbackOf(fundId, `${fundId}-OVER`, '100000.00');
        await clawbackOf(fundId, `${fundId}-KEEP`, '30000.00');
        for (const payeeId of [`${fundId}-OVER`, `${fundId}-KEEP`]) expect201(await score(fundId, payeeId, 2025, '90'));
      }
    });

    it('records the treatment in the policy: the DTO default for a first set, or the one named', async () => {
      const read = (fundId: string) => harness.get<{ policy: Record<string, unknown> }>(`/budget-policies/${fundId}/2025`);
      expect((await read(DEDUCT)).body.policy).toMatchObject({ clawbackTreatment: 'deduct_from_entitlement' });
      expect((await read(REDUCE)).body.policy).toMatchObject({ clawbackTreatment: 'reduce_actual' });
    });

    it('beyond the shared overrun band, reduce_actual pays the 100,000.00 clawback back at year end', async () => {
      const data = await yearEndOf(REDUCE, `${REDUCE}-OVER`);
      // A = 1,300,000 − 100,000 = 1,200,000; overrun 200,000: the first 100,000 (10% of Q) 70/30 → fund 70,000,
      // the rest the hospital's. E = 1,000,000 + 70,000 = 1,070,000 (as without the clawback).
      // final = (E − A) −130,000 + DP 300,000 + W 0 − D 0 − P 0 = 170,000;
      // hospital net = 1,000,000 + 170,000 − 100,000 = 1,070,000 = E: the clawback repaid in full.
      expect(data['inputs']).toMatchObject({ approvedYuan: '1300000.00', inYearClawbacksYuan: '100000.00', actualYuan: '1200000.00' });
      expect(data['breakdown']).toMatchObject({
        clawbackTreatment: 'reduce_actual',
        clawbackTreatmentSource: 'policy',
        overrunYuan: '200000.00',
        fundOverrunShareYuan: '70000.00',
        entitlementBeforeClawbacksYuan: '1070000.00',
        clawbacksDeductedYuan: '0.00',
        entitlementYuan: '1070000.00',
        finalYuan: '170000.00',
        paymentYuan: '170000.00',
      });
    });

    it('beyond the shared overrun band, deduct_from_entitlement keeps the 100,000.00', async () => {
      const data = await yearEndOf(DEDUCT, `${DEDUCT}-OVER`);
      // A = 1,300,000 (gross); overrun 300,000 → fund 70,000; E₀ = 1,070,000; E = E₀ − 100,000 = 970,000;
      // final = (E₀ − A) −230,000 + DP 300,000 = 70,000; hospital net = 1,000,000 + 70,000 − 100,000 = 970,000 = E.
      expect(data['inputs']).toMatchObject({ approvedYuan: '1300000.00', inYearClawbacksYuan: '100000.00', actualYuan: '1300000.00' });
      expect(data['breakdown']).toMatchObject({
        clawbackTreatment: 'deduct_from_entitlement',
        clawbackTreatmentSource: 'policy',
        overrunYuan: '300000.00',
        fundOverrunShareYuan: '70000.00',
        entitlementBeforeClawbacksYuan: '1070000.00',
        clawbacksDeductedYuan: '100000.00',
        entitlementYuan: '970000.00',
        adjustmentYuan: '-230000.00',
        finalYuan: '70000.00',
        paymentYuan: '70000.00',
      });
    });

    it('inside the retained surplus band: reduce_actual pays the 30,000.00 back, deduct_from_entitlement does not', async () => {
      const reduce = await yearEndOf(REDUCE, `${REDUCE}-KEEP`);
      // A = 950,000 − 30,000 = 920,000; surplus 80,000 ≤ 100,000 retained in full; E = 1,000,000;
      // final = 80,000; hospital net = 950,000 + 80,000 − 30,000 = 1,000,000 = E (as without the clawback).
      expect(reduce['breakdown']).toMatchObject({ surplusYuan: '80000.00', retainedYuan: '80000.00', entitlementYuan: '1000000.00', finalYuan: '80000.00' });
      const deduct = await yearEndOf(DEDUCT, `${DEDUCT}-KEEP`);
      // A = 950,000; surplus 50,000 retained; E₀ = 1,000,000; E = 970,000; final = 50,000;
      // hospital net = 950,000 + 50,000 − 30,000 = 970,000 = E.
      expect(deduct['breakdown']).toMatchObject({
        surplusYuan: '50000.00',
        retainedYuan: '50000.00',
        entitlementBeforeClawbacksYuan: '1000000.00',
        clawbacksDeductedYuan: '30000.00',
        entitlementYuan: '970000.00',
        finalYuan: '50000.00',
      });
    });
  });

  // ---- issue #14 §5: guard holes -------------------------------------------------------------------

  describe('fund-kind guards over HTTP (issue #14 §5)', () => {
    const POOLED = 'KIND-EMP';
    const PAYEE = 'H-KIND';

    beforeAll(async () => {
      await registerFund(harness, POOLED, 'employee_pooled');
      await registerFund(harness, 'KIND-PERSONAL', 'employee_personal');
      await registerFund(harness, 'KIND-MATERNITY', 'maternity');
      await registerFund(harness, 'KIND-AID', 'medical_assistance');
      await registerFund(harness, 'KIND-RES', 'resident_pooled');
      await hospital(POOLED, PAYEE);
      await setQuota(POOLED, PAYEE, 2025, '1000000.00');
    });

    it('422 FUND_KIND_NOT_POOLED naming fundId: no quota, prepayment or settlement on a fund that is not pooled', async () => {
      const before = await headPosition(harness);
      for (const fundId of ['KIND-PERSONAL', 'KIND-MATERNITY', 'KIND-AID']) {
        expectProblem(
          await send('/quotas', { fundId, payeeId: PAYEE, year: 2025, quotaYuan: '1000.00', method: 'manual', effectiveDate: '2024-12-20' }, 'planner'),
          422,
          'FUND_KIND_NOT_POOLED',
          'fundId',
        );
        expectProblem(await prepay(fundId, PAYEE, 2025, 1, '1000.00'), 422, 'FUND_KIND_NOT_POOLED', 'fundId');
        expectProblem(await settle(fundId, PAYEE, 2025, 1, '1000.00'), 422, 'FUND_KIND_NOT_POOLED', 'fundId');
      }
      expect(await headPosition(harness)).toBe(before);
    });

    it('422 CO_FUND_KIND_NOT_ALLOWED naming coFunding.fundId: never the personal accounts, maternity or the treasury', async () => {
      const before = await headPosition(harness);
      for (const fundId of ['KIND-PERSONAL', 'KIND-MATERNITY', 'TREASURY']) {
        expectProblem(
          await settle(POOLED, PAYEE, 2025, 2, '1000.00', { coFunding: { fundId, ratio: '0.30' } }),
          422,
          'CO_FUND_KIND_NOT_ALLOWED',
          'coFunding.fundId',
        );
      }
      expect(await headPosition(harness)).toBe(before);
    });

    it('accepts medical assistance and another pooled scheme as co-fund (700.00 / 300.00)', async () => {
      for (const [month, fundId] of [[2, 'KIND-AID'], [3, 'KIND-RES']] as const) {
        const answer = await settle(POOLED, PAYEE, 2025, month, '1000.00', { coFunding: { fundId, ratio: '0.30' } });
        expect201(answer);
        expect(event(answer.body)).toMatchObject({ coFunding: { fundId, primaryYuan: '700.00', coFundedYuan: '300.00' } });
      }
    });
  });

  describe('year end after a termination for cause (issue #14 §5): no deposit back, the payment held until released', () => {
    const FUND = 'CAUSE-EMP';
    const terminate = (payeeId: string, extra: Body = {}) =>
      ok('/agreements/terminations', { payeeId, fundId: FUND, reason: '欺诈骗保 (R-ENF-1)', effectiveDate: '2025-11-01', ...extra });
    const release = (body: Body = {}, role: Role = 'finance') =>
      send('/year-end-settlements/held-payment-releases', { fundId: FUND, payeeId: 'H-CAUSE', year: 2025, decisionRef: '泉医保决〔2026〕3号', effectiveDate: '2026-03-01', ...body }, role);

    // Q 1,000,000; prepaid 500,000 gross (W 50,000); January settled 1,100,000: 500,000 against the prepayment,
    // 500,000 paid (the quota's cash), 100,000 deferred (DP); score 95.
    beforeAll(async () => {
      await registerFund(harness, FUND, 'employee_pooled');
      for (const payeeId of ['H-CAUSE', 'H-PLAIN']) {
        await hospital(FUND, payeeId);
        await setQuota(FUND, payeeId, 2025, '1000000.00');
        expect201(await prepay(FUND, payeeId, 2025, 1, '500000.00'));
        expect201(await settle(FUND, payeeId, 2025, 1, '1100000.00'));
        expect201(await score(FUND, payeeId, 2025, '95'));
      }
    });

    it('records forCause on the termination; one without it reads as before', async () => {
      const cause = await terminate('H-CAUSE', { forCause: true });
      expect(event(cause)).toMatchObject({ agreementId: 'AGR-H-CAUSE-CAUSE-EMP', forCause: true });
      const plain = await terminate('H-PLAIN');
      expect(event(plain)).not.toHaveProperty('forCause');
    });

    it('settles H-CAUSE with no deposit returned despite score 95, and holds the 70,000.00 result', async () => {
      const answer = await ok<YearEndAnswer>('/year-end-settlements', { fundId: FUND, payeeId: 'H-CAUSE', year: 2025, effectiveDate: '2026-01-20' });
      const data = answer.events.find((e) => e.type === 'YearEndSettled')!.data;
      // A 1,100,000; overrun 100,000 (≤ 10% of Q) → fund 70,000; E = 1,070,000; D = W = 50,000 (nothing back);
      // final = (E − A) −30,000 + DP 100,000 + W 50,000 − D 50,000 − P 0 = 70,000 → held, not paid.
      expect(data['inputs']).toMatchObject({ agreementTerminatedForCause: true, withheldYuan: '50000.00', deferredPayableYuan: '100000.00' });
      expect(data['breakdown']).toMatchObject({
        entitlementYuan: '1070000.00',
        depositReturnRule: 'agreement_terminated_for_cause',
        depositReturnedYuan: '0.00',
        depositForfeitedYuan: '50000.00',
        finalYuan: '70000.00',
        paymentYuan: '0.00',
        heldPaymentYuan: '70000.00',
      });
      expect(data['postings']).toContainEqual({ fundId: FUND, account: `${FUND}:hospital:H-CAUSE:deferred_payable`, side: 'credit', amountYuan: '70000.00' });
      expect(data['postings']).not.toContainEqual(expect.objectContaining({ account: `${FUND}:cash` }));
      // Paid so far: 450,000 prepaid net + 500,000 settlement cash; the 70,000 is owed, not paid.
      const view = (await readBudget(FUND, 'H-CAUSE', 2025)).body;
      expect(view.netPaidYuan).toBe('950000.00');
      expect(view.yearEnd).toMatchObject({ heldPaymentOutstandingYuan: '70000.00', heldPaymentReleasedOn: null });
    });

    it('settles H-PLAIN (terminated, not for cause) as before: 47,500.00 of the deposit back, 117,500.00 paid', async () => {
      const answer = await ok<YearEndAnswer>('/year-end-settlements', { fundId: FUND, payeeId: 'H-PLAIN', year: 2025, effectiveDate: '2026-01-20' });
      const data = answer.events.find((e) => e.type === 'YearEndSettled')!.data;
      // D = 50,000 × (1 − 0.95) = 2,500; final = −30,000 + 100,000 + 50,000 − 2,500 = 117,500, paid in cash.
      expect(data['breakdown']).toMatchObject({ depositReturnRule: 'score', depositReturnedYuan: '47500.00', paymentYuan: '117500.00', heldPaymentYuan: '0.00' });
    });

    it('releases the held payment on a decision, recording who released it; only once; not for the planner', async () => {
      expectProblem(await release({}, 'planner'), 403, 'FORBIDDEN');
      const answer = await release();
      expect201(answer);
      expect(answer.body.events).toEqual([
        expect.objectContaining({
          type: 'HeldYearEndPaymentReleased',
          data: expect.objectContaining({
            amountYuan: '70000.00',
            decisionRef: '泉医保决〔2026〕3号',
            releasedBy: { actor: 'e2e-finance', role: 'finance' },
            postings: [
              { fundId: FUND, account: `${FUND}:hospital:H-CAUSE:deferred_payable`, side: 'debit', amountYuan: '70000.00' },
              { fundId: FUND, account: `${FUND}:cash`, side: 'credit', amountYuan: '70000.00' },
            ],
          }),
        }),
      ]);
      const before = await headPosition(harness);
      expectProblem(await release(), 422, 'NO_HELD_PAYMENT', 'year');
      expectProblem(await release({ payeeId: 'H-PLAIN' }), 422, 'NO_HELD_PAYMENT', 'year');
      expect(await headPosition(harness)).toBe(before);
      const trial = await harness.get<{ ok: boolean }>(`/journal/trial-balance?minPosition=${answer.body.position}`);
      expect(trial.body.ok).toBe(true);
      // Over the year the hospital received E − D = 1,070,000 − 50,000 = 1,020,000.
      const view = (await readBudget(FUND, 'H-CAUSE', 2025)).body;
      expect(view.netPaidYuan).toBe('1020000.00');
      expect(view.yearEnd).toMatchObject({ heldPaymentOutstandingYuan: '0.00', heldPaymentReleasedOn: '2026-03-01' });
    });

    it('closes the fund-year with the held result counted apart (settled elsewhere, release after it allowed)', async () => {
      const close = await harness.request<{ report: { totals: Record<string, unknown>; status: string } }>('POST', '/fund-closes', {
        body: { commandId: randomUUID(), fundId: FUND, year: 2025, payeeIds: ['H-CAUSE', 'H-PLAIN'], effectiveDate: '2026-03-05' },
        role: 'finance',
      });
      expect(close.status).toBe(201);
      expect(close.body.report.status).toBe('closed');
      // H-CAUSE's 70,000 was held (and released later: the close reads the settlement, not the release).
      expect(close.body.report.totals['yearEnd']).toMatchObject({ heldPaymentsYuan: '70000.00' });
    });

    it('documents the release endpoint in /docs', async () => {
      const paths = await documentedOperations(harness);
      expect(paths['/year-end-settlements/held-payment-releases']?.['post']?.responses).toHaveProperty('201');
    });
  });

  describe('a retry after its year closed answers the first result (no fact read again)', () => {
    const FUND = 'RETRY-EMP';
    const PAYEE = 'H-RETRY';

    it('replays an in-year clawback, damages and fine retried after the year-end settlement closed the year', async () => {
      await registerFund(harness, FUND, 'employee_pooled');
      await hospital(FUND, PAYEE);
      await setQuota(FUND, PAYEE, 2025, '1200000.00');
      expect201(await prepay(FUND, PAYEE, 2025, 1, '100000.00'));
      expect201(await settle(FUND, PAYEE, 2025, 1, '100000.00'));
      const base = { fundId: FUND, payeeId: PAYEE, serviceYear: 2025, caseRef: 'ZY-2025-0999', ruleId: 'R-ENF-11' };
      const findings: Array<[string, Body]> = [
        ['/clawbacks', { ...base, commandId: randomUUID(), amountYuan: '1000.00', reason: '重复收费', effectiveDate: '2025-03-10' }],
        ['/liquidated-damages', { ...base, commandId: randomUUID(), baseYuan: '1000.00', multiplier: '2', reason: '挂床住院', effectiveDate: '2025-03-11' }],
        ['/fines', { ...base, commandId: randomUUID(), baseYuan: '1500.00', multiplier: '2', decisionRef: '泉医保罚字〔2025〕9号', effectiveDate: '2025-03-12' }],
      ];
      const first: CommandAnswer[] = [];
      for (const [path, body] of findings) {
        const answer = await harness.request<CommandAnswer>('POST', path, { body, role: 'finance' });
        expect201(answer);
        first.push(answer.body);
      }
      expect201(await score(FUND, PAYEE, 2025, '95'));
      expect201(await send('/year-end-settlements', { fundId: FUND, payeeId: PAYEE, year: 2025, effectiveDate: '2026-01-20' }));
      const before = await headPosition(harness);
      for (const [index, [path, body]] of findings.entries()) {
        const retry = await harness.request<CommandAnswer>('POST', path, { body, role: 'finance' });
        expect201(retry);
        expect(retry.body).toEqual({ ...first[index], replayed: true });
      }
      expect(await headPosition(harness)).toBe(before);
    });
  });
});

function pad(month: number): string {
  return String(month).padStart(2, '0');
}
