import { randomUUID } from 'node:crypto';
import { ProblemException } from '@ledger/platform';
import { decisionFor } from '../application/stream-decision';
import { ErrorCodes } from '../shared/domain-error';
import { budgetStreamName } from '../hospital-budget/hospital-budget.events';
import { policyStream } from '../budget-policy/budget-policy.events';
import { hospitalBudgetDecider } from '../hospital-budget/hospital-budget.decider';
import { SettleYearEndCommand } from '../hospital-budget/settle-year-end/settle-year-end.command';
import { FINANCE, PLANNER, startStore, type StoreHarness } from '../allocation/test/store-fixtures';
import { fundCloseStream } from './fund-close.events';

/** The fund close against a real store, through the hospital-budget area's own SettleYearEndHandler. */
describe('FundCloseService (store-level)', () => {
  const FUND = 'QZ-RES';
  const PAYEES = ['H1', 'H2', 'H3'];
  let h: StoreHarness;

  beforeAll(async () => {
    h = startStore();
    await h.registerFund(FUND);
    await h.registerPayees(PAYEES);
    const budget = {
      fundId: FUND,
      year: 2025,
      totalForQuotasYuan: '3000000.00',
      basis: { projectedIncomeYuan: '3000000.00', reserveYuan: '0.00', excludedEarmarks: [] },
    };
    await h.services.allocation.approveFundBudget(h.envelope(PLANNER, budget), budget);
    const run = {
      fundId: FUND,
      year: 2025,
      method: 'share_of_history' as const,
      methodVersion: 'v1',
      hospitals: PAYEES.map((payeeId) => ({ payeeId, history: [{ year: 2024, spendingYuan: '100.00' }] })),
    };
    const committed = await h.services.allocation.commit(h.envelope(PLANNER, run), run);
    expect(committed.application).toMatchObject({ set: 3, failed: 0 });
    for (const payeeId of PAYEES) {
      const command = { type: 'RecordAssessmentScore' as const, fundId: FUND, payeeId, year: 2025, scorePoints: '90' };
      await h.services.pipeline.execute(
        h.envelope(FINANCE, { payeeId }, '2025-11-25'),
        decisionFor(budgetStreamName(FUND, payeeId, 2025), hospitalBudgetDecider, command),
      );
    }
  });

  afterAll(async () => {
    await h.stop();
  });

  it('refuses a fund-year with no run in force when no payees are named (422 INVALID_TRANSITION)', async () => {
    await expect(
      h.services.close.close(h.envelope(FINANCE, { fundId: FUND, year: 2024 }, '2025-01-05'), {
        fundId: FUND,
        year: 2024,
      }),
    ).rejects.toMatchObject({
      code: ErrorCodes.INVALID_TRANSITION,
      field: 'payeeIds',
    });
  });

  it('takes a hospital-year settled by another command as settled, closes, and refuses the close id with another body', async () => {
    const elsewhere = randomUUID();
    const envelope = h.envelope(FINANCE, { fundId: FUND, payeeId: 'H2', year: 2025 }, '2026-01-05', elsewhere);
    await h.services.settleYearEnd(
      new SettleYearEndCommand(envelope, { commandId: elsewhere, fundId: FUND, payeeId: 'H2', year: 2025 }),
    );

    const body = { fundId: FUND, year: 2025 };
    const closeEnvelope = h.envelope(FINANCE, body, '2026-01-05');
    const outcome = await h.services.close.close(closeEnvelope, body);
    expect(outcome).toMatchObject({
      status: 'closed',
      replayed: false,
      settlements: { settled: 2, replayed: 0, settledElsewhere: 1, failed: 0 },
    });
    if (outcome.status !== 'closed') throw new Error('closed');
    expect(outcome.report.hospitalResults.map((r) => r.payeeId)).toEqual(PAYEES);
    expect(outcome.report.totals.quotaYuan).toBe('3000000.00');
    expect((await h.store.readStream(fundCloseStream(FUND, 2025), { limit: 10 })).map((e) => e.type)).toEqual([
      'FundYearClosed',
    ]);
    // Every hospital's credit and receivables went to 2026 (the handler's carry-in).
    for (const payeeId of PAYEES) {
      const [carried] = await h.store.readStream(budgetStreamName(FUND, payeeId, 2026), { limit: 1 });
      expect(carried).toMatchObject({ type: 'BalanceCarriedIn', data: { fromYear: 2025 } });
    }
    // H2's settlement froze the fund-year's policy; the close's settlements applied that frozen policy
    // without freezing again.
    const policy = await h.store.readStream(policyStream(FUND, 2025), { limit: 10 });
    expect(policy.map((e) => e.type)).toEqual(['BudgetPolicyFrozen']);
    const frozenVersion = (policy[0]!.data as { policyVersion: string }).policyVersion;
    for (const payeeId of PAYEES) {
      const [settledEvent] = await h.store.readStream(budgetStreamName(FUND, payeeId, 2025), {
        direction: 'backwards',
        limit: 1,
      });
      expect(settledEvent).toMatchObject({ type: 'YearEndSettled', data: { policyVersion: frozenVersion } });
    }
    const reused = { ...closeEnvelope, body: { fundId: FUND, year: 2025, payeeIds: ['H1'] } };
    const error = await h.services.close
      .close(reused, { fundId: FUND, year: 2025, payeeIds: ['H1'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemException);
    expect(error).toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});
