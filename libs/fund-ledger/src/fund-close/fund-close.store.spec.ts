import { randomUUID } from 'node:crypto';
import { IdempotencyKeyReusedError } from '@ledger/kernel';
import { ErrorCodes } from '../shared/domain-error';
import { budgetStreamName } from '../hospital-budget/hospital-budget.events';
import { policyStream } from '../budget-policy/budget-policy.events';
import { SettleYearEndCommand } from '../hospital-budget/settle-year-end/settle-year-end.command';
import { AllocationModule } from '../allocation/allocation.module';
import { ApproveFundBudgetCommand } from '../allocation/approve-fund-budget/approve-fund-budget.command';
import { CommitAllocationRunCommand } from '../allocation/commit-allocation-run/commit-allocation-run.command';
import { FINANCE, PLANNER, startStore, type StoreHarness } from '../allocation/test/store-fixtures';
import { CloseFundYearCommand } from './close-fund-year/close-fund-year.command';
import { fundCloseStream } from './fund-close.events';
import { FundCloseModule } from './fund-close.module';

/** The fund close against a real store, through the hospital-budget area's own SettleYearEndHandler. */
describe('CloseFundYearHandler (store-level)', () => {
  const FUND = 'QZ-RES';
  const PAYEES = ['H1', 'H2', 'H3'];
  let h: StoreHarness;

  beforeAll(async () => {
    h = await startStore({ modules: [AllocationModule, FundCloseModule] });
    await h.registerFund(FUND);
    await h.registerPayees(PAYEES);
    const budget = {
      fundId: FUND,
      year: 2025,
      totalForQuotasYuan: '3000000.00',
      basis: { projectedIncomeYuan: '3000000.00', reserveYuan: '0.00', excludedEarmarks: [] },
    };
    await h.commands.execute(new ApproveFundBudgetCommand(h.envelope(PLANNER, budget), budget));
    const run = {
      fundId: FUND,
      year: 2025,
      method: 'share_of_history' as const,
      methodVersion: 'v1',
      hospitals: PAYEES.map((payeeId) => ({ payeeId, history: [{ year: 2024, spendingYuan: '100.00' }] })),
    };
    const committed = await h.commands.execute(new CommitAllocationRunCommand(h.envelope(PLANNER, run), run));
    expect(committed.application).toMatchObject({ set: 3, failed: 0 });
    for (const payeeId of PAYEES) await h.recordScore(FUND, payeeId, 2025, '90', '2025-11-25');
  });

  afterAll(async () => {
    await h.stop();
  });

  it('refuses a fund-year with no run in force when no payees are named (422 INVALID_TRANSITION)', async () => {
    await expect(
      h.commands.execute(
        new CloseFundYearCommand(h.envelope(FINANCE, { fundId: FUND, year: 2024 }, '2025-01-05'), {
          fundId: FUND,
          year: 2024,
        }),
      ),
    ).rejects.toMatchObject({
      code: ErrorCodes.INVALID_TRANSITION,
      field: 'payeeIds',
    });
  });

  it('takes a hospital-year settled by another command as settled, closes, and refuses the close id with another body', async () => {
    const elsewhere = randomUUID();
    const envelope = h.envelope(FINANCE, { fundId: FUND, payeeId: 'H2', year: 2025 }, '2026-01-05', elsewhere);
    await h.commands.execute(
      new SettleYearEndCommand(envelope, { commandId: elsewhere, fundId: FUND, payeeId: 'H2', year: 2025 }),
    );

    const body = { fundId: FUND, year: 2025 };
    const closeEnvelope = h.envelope(FINANCE, body, '2026-01-05');
    const outcome = await h.commands.execute(new CloseFundYearCommand(closeEnvelope, body));
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
    const error = await h.commands
      .execute(new CloseFundYearCommand(reused, { fundId: FUND, year: 2025, payeeIds: ['H1'] }))
      .catch((e: unknown) => e);
    // A kernel error now (kind conflict: the problem filter answers it 409), not an HTTP type.
    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(error).toMatchObject({ kind: 'conflict', code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});
