import { Decimal, sum } from '@ledger/money';
import { budgetStreamName } from '../hospital-budget/hospital-budget.events';
import type { HospitalRecordRequest } from './allocation.inputs';
import type { AllocationRunRequestBody } from './allocation-run.body';
import { AllocationModule } from './allocation.module';
import { ApproveFundBudgetCommand } from './approve-fund-budget/approve-fund-budget.command';
import { CommitAllocationRunCommand } from './commit-allocation-run/commit-allocation-run.command';
import { PreviewAllocationRunQuery } from './preview-allocation-run/preview-allocation-run.query';
import { OpenFundYearsModule } from './test/open-fund-years.module';
import { PLANNER, startStore, type StoreHarness } from './test/store-fixtures';

/**
 * The allocation use cases (through the buses) against a real store (temp SQLite file, fsync on commit): a 5,000-hospital run
 * previewed, committed with its application to 5,000 budget streams, and committed again. Timings are
 * printed, not asserted (shared machines); what is asserted is what was (not) written.
 */
const FUND = 'QZ-RES';
const YEAR = 2025;
const HOSPITALS = 5_000;
const POOL = '4000000000.00';

const payeeId = (i: number) => `H-${String(i).padStart(5, '0')}`;

function records(): HospitalRecordRequest[] {
  return Array.from({ length: HOSPITALS }, (_, i) => {
    if (i % 500 === 499) return { payeeId: payeeId(i) }; // 10 new hospitals: base quota
    return {
      payeeId: payeeId(i),
      history: [2022, 2023, 2024].map((year) => ({
        year,
        spendingYuan: `${600_000 + ((i * 7919) % 900_000) + (year - 2022) * 10_000}.${String(i % 100).padStart(2, '0')}`,
      })),
      // Every third hospital had a quota last year, some far from this year's share: caps and floors bind.
      lastYearQuotaYuan: i % 3 === 0 ? `${500_000 + ((i * 104729) % 1_000_000)}.00` : null,
      downgradePercent: i % 97 === 0 ? '5' : null,
    };
  });
}

const body = (overrides: Partial<AllocationRunRequestBody> = {}): AllocationRunRequestBody => ({
  fundId: FUND,
  year: YEAR,
  method: 'share_of_history',
  methodVersion: 'v1',
  params: { baseQuotaYuan: '300000.00' },
  hospitals: records(),
  effectiveDate: '2024-12-20',
  ...overrides,
});

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(2)} s`;

describe('a 5,000-hospital allocation run against a SQLite store', () => {
  let h: StoreHarness;

  beforeAll(async () => {
    h = await startStore({ modules: [AllocationModule, OpenFundYearsModule] });
    const started = performance.now();
    await h.registerFund(FUND);
    await h.registerPayees(Array.from({ length: HOSPITALS }, (_, i) => payeeId(i)));
    const budget = {
      fundId: FUND,
      year: YEAR,
      totalForQuotasYuan: POOL,
      basis: {
        projectedIncomeYuan: '4500000000.00',
        reserveYuan: '300000000.00',
        excludedEarmarks: [{ name: '专项', amountYuan: '200000000.00' }],
      },
    };
    await h.commands.execute(new ApproveFundBudgetCommand(h.envelope(PLANNER, budget, '2024-12-20'), budget));
    console.log(`setup: fund, ${HOSPITALS} payees, fund budget in ${seconds(started)}`);
  }, 120_000);

  afterAll(async () => {
    await h.stop();
  });

  it('previews (no write), commits in one event + one adoption + 5,000 quotas, and re-commits as a no-op', async () => {
    const before = await h.head();
    let started = performance.now();
    const preview = await h.queries.execute(new PreviewAllocationRunQuery(body(), PLANNER));
    console.log(`preview of ${HOSPITALS} hospitals: ${seconds(started)}`);
    expect(await h.head()).toBe(before);
    expect(preview.lines).toHaveLength(HOSPITALS);
    expect(preview.totals).toMatchObject({ hospitals: HOSPITALS, baseQuotaHospitals: 10, unallocatedYuan: '0.00' });
    expect(preview.totals.capped + preview.totals.floored).toBeGreaterThan(100);
    expect(
      sum(
        preview.lines
          .map((l) => new Decimal(l.quotaYuan))
          .concat(preview.lines.map((l) => new Decimal(l.downgradeYuan))),
      ).toFixed(2),
    ).toBe(POOL);
    expect(preview.commit).toEqual({ alreadyCommitted: false, sameInputs: null, refusal: null });

    const commitBody = body();
    const envelope = h.envelope(PLANNER, JSON.parse(JSON.stringify(commitBody)), '2024-12-20');
    let progressCalls = 0;
    started = performance.now();
    const committed = await h.commands.execute(
      new CommitAllocationRunCommand(envelope, commitBody, () => (progressCalls += 1)),
    );
    const commitTime = seconds(started);
    const runEvents = await h.store.readStream(committed.runId, { limit: 10 });
    console.log(
      `commit + apply of ${HOSPITALS} hospitals: ${commitTime} (run event ${(Buffer.byteLength(JSON.stringify(runEvents[0]!.data)) / 1024).toFixed(0)} KiB)`,
    );
    expect(committed).toMatchObject({
      runId: `allocation-run-${FUND}-${YEAR}-v1`,
      committed: 'appended',
      replayed: false,
      adoption: { status: 'adopted' },
      application: {
        hospitals: HOSPITALS,
        set: HOSPITALS,
        adjusted: 0,
        unchanged: 0,
        alreadyApplied: 0,
        failed: 0,
        complete: true,
      },
    });
    expect(progressCalls).toBe(HOSPITALS + 1);
    expect(runEvents.map((e) => e.type)).toEqual(['AllocationRunCommitted']);
    expect(BigInt(await h.head()) - BigInt(before)).toBe(BigInt(1 + 1 + HOSPITALS));
    const [quotaSet] = await h.store.readStream(budgetStreamName(FUND, payeeId(1), YEAR), { limit: 10 });
    expect(quotaSet).toMatchObject({
      type: 'QuotaSet',
      data: { method: 'allocation_run', runId: committed.runId, quotaYuan: preview.lines[1]!.quotaYuan },
    });

    const afterCommit = await h.head();
    started = performance.now();
    const again = await h.commands.execute(
      new CommitAllocationRunCommand(
        h.envelope(PLANNER, JSON.parse(JSON.stringify(commitBody)), '2024-12-20'),
        commitBody,
      ),
    );
    console.log(`re-commit (another command id) of ${HOSPITALS} hospitals: ${seconds(started)}`);
    expect(again).toMatchObject({
      committed: 'already_committed',
      adoption: { status: 'already_in_force' },
      application: { alreadyApplied: HOSPITALS, set: 0, failed: 0 },
    });
    started = performance.now();
    const retry = await h.commands.execute(new CommitAllocationRunCommand(envelope, commitBody));
    console.log(`retry (same command id) of ${HOSPITALS} hospitals: ${seconds(started)}`);
    expect(retry).toMatchObject({
      replayed: true,
      committed: 'already_committed',
      application: { alreadyApplied: HOSPITALS },
    });
    expect(await h.head()).toBe(afterCommit);
  }, 300_000);
});
