import { ErrorCodes } from '../shared/domain-error';
import { given } from '../test/decider-specification';
import { computeAllocation } from './allocation.rules';
import {
  allocationRunDecider,
  buildAllocationRun,
  type CommitAllocationRun,
  type RunFacts,
} from './allocation-run.decider';
import { type AllocationRunCommitted, encodeLine, lineView, runLines } from './allocation-run.events';
import { WE1_HOSPITALS } from './test/allocation-fixtures';

const ON = { now: '2024-12-20T02:00:00.000Z', effectiveDate: '2024-12-20' };
const RUN_1 = 'allocation-run-WD-NCMS-2025-v1';
const FACTS: RunFacts = { poolYuan: '120000000.00', inForceRunId: null, adoptedRunIds: [], fundYearClosed: false };

const commit = (overrides: Partial<CommitAllocationRun> = {}): CommitAllocationRun => ({
  type: 'CommitAllocationRun',
  fundId: 'WD-NCMS',
  year: 2025,
  method: 'share_of_history',
  methodVersion: 'v1',
  params: { capIncreasePercent: null, floorDecreasePercent: null },
  hospitals: WE1_HOSPITALS,
  inputSource: 'inline',
  importId: null,
  historyFrom: 'records',
  supersedes: null,
  facts: FACTS,
  ...overrides,
});

const committedEvent = (command = commit()): AllocationRunCommitted => ({
  type: 'AllocationRunCommitted',
  data: buildAllocationRun(command, ON),
});

describe('CommitAllocationRun', () => {
  it('records the whole run as ONE event: inputs, exact shares, quotas (WE-1: 471万)', () => {
    const [event] = given(allocationRunDecider).when(commit(), ON).events();
    expect(event!.type).toBe('AllocationRunCommitted');
    const data = event!.data;
    expect(data).toMatchObject({
      runId: RUN_1,
      fundId: 'WD-NCMS',
      year: 2025,
      effectiveDate: '2024-12-20',
      method: 'share_of_history',
      methodVersion: 'v1',
      params: {
        poolYuan: '120000000.00',
        lookbackYears: [2022, 2023, 2024],
        capIncreasePercent: null,
        floorDecreasePercent: null,
      },
      inputSource: 'inline',
      historyFrom: 'records',
      supersedes: null,
      totals: { hospitals: 3, allocatedYuan: '120000000.00', unallocatedYuan: '0.00' },
    });
    expect(data.inputsDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(data.rows[0]).toEqual([
      'SONGCUN',
      null,
      [
        ['3925000.00', null],
        ['3925000.00', null],
        ['3925000.00', null],
      ],
      null,
      null,
      null,
      null,
      '0.00',
      null,
      'method',
      '11775000.00',
      null,
      '4710000.000000',
      '4710000.00',
      null,
      '4710000.00',
      '0.00',
      '4710000.00',
      null,
      '4710000.00',
    ]);
  });

  it('lets an auditor recompute every quota from the event alone', () => {
    const data = committedEvent(commit({ params: { capIncreasePercent: '15', floorDecreasePercent: '15' } })).data;
    const lines = runLines(data);
    const again = computeAllocation(
      data.params,
      lines.map((l) => l.input),
    );
    expect(again.lines.map((l) => encodeLine(l, data.params.lookbackYears))).toEqual(data.rows);
    expect(again.totals).toEqual(data.totals);
    expect(lineView(lines[0]!)).toMatchObject({
      payeeId: 'SONGCUN',
      quotaYuan: '4710000.00',
      history: [{ year: 2022, spendingYuan: '3925000.00', cases: null }, expect.anything(), expect.anything()],
    });
  });

  it('is idempotent by construction: the same run again decides nothing, another run under the same id is 409', () => {
    given(allocationRunDecider, [committedEvent()])
      .when(commit(), { ...ON, effectiveDate: '2024-12-21' })
      .thenNothing();
    given(allocationRunDecider, [committedEvent()])
      .when(commit({ params: { baseQuotaYuan: '1.00' } }), ON)
      .thenRejects({ kind: 'conflict', code: ErrorCodes.ALREADY_EXISTS, field: 'methodVersion' });
  });

  it('keeps only the lookback years of history, so the event holds exactly what was used', () => {
    const hospitals = [
      {
        ...WE1_HOSPITALS[0]!,
        history: [...WE1_HOSPITALS[0]!.history, { year: 2019, spendingYuan: '999.00', cases: null }],
      },
      ...WE1_HOSPITALS.slice(1),
    ];
    const data = buildAllocationRun(commit({ hospitals }), ON);
    expect(runLines(data)[0]!.input.history.map((f) => f.year)).toEqual([2022, 2023, 2024]);
    expect(data.rows[0]![17]).toBe('4710000.00');
  });

  it('refuses a fund-year without an approved budget, and a closed fund-year', () => {
    given(allocationRunDecider)
      .when(commit({ facts: { ...FACTS, poolYuan: null } }), ON)
      .thenRejects({ code: ErrorCodes.INVALID_TRANSITION, field: 'fundId' });
    given(allocationRunDecider)
      .when(commit({ facts: { ...FACTS, fundYearClosed: true } }), ON)
      .thenRejects({ code: ErrorCodes.PERIOD_CLOSED });
  });

  it('applies the supersede rule early: a second run must name the run in force', () => {
    const inForce: RunFacts = { ...FACTS, inForceRunId: RUN_1, adoptedRunIds: [RUN_1] };
    given(allocationRunDecider)
      .when(commit({ methodVersion: 'v2', facts: inForce }), ON)
      .thenRejects({ kind: 'conflict', code: ErrorCodes.ALREADY_EXISTS, field: 'supersedes' });
    const [event] = given(allocationRunDecider)
      .when(
        commit({
          methodVersion: 'v2',
          facts: inForce,
          supersedes: { runId: RUN_1, reason: '补录一家医院的2024年数据' },
        }),
        ON,
      )
      .events();
    expect(event!.data).toMatchObject({
      runId: 'allocation-run-WD-NCMS-2025-v2',
      supersedes: { runId: RUN_1, reason: '补录一家医院的2024年数据' },
    });
  });

  it('refuses to commit quotas above the pool (the preview still shows them)', () => {
    const perCapita = commit({
      method: 'per_capita_history',
      params: {},
      hospitals: [
        { payeeId: 'BT', history: [{ year: 2024, spendingYuan: '200000000.00', cases: 1000 }], expectedCases: 1000 },
      ],
    });
    expect(buildAllocationRun(perCapita, ON).totals.withinPool).toBe(false);
    given(allocationRunDecider)
      .when(perCapita, ON)
      .thenRejects({ code: ErrorCodes.QUOTA_EXCEEDED, field: 'hospitals' });
  });

  it.each([
    ['a method version with "-"', { methodVersion: 'v-1' }, 'methodVersion'],
    ['an unknown method', { method: 'lottery' as never }, 'method'],
    [
      'ledger history for a per-case method',
      { method: 'per_capita_history' as const, historyFrom: 'ledger' as const },
      'historyFrom',
    ],
    ['an import without its id', { inputSource: 'import' as const }, 'importId'],
    ['no hospitals', { hospitals: [] }, 'hospitals'],
    ['a payee twice', { hospitals: [WE1_HOSPITALS[0]!, WE1_HOSPITALS[0]!] }, 'hospitals[1].payeeId'],
    [
      'a downgrade of 20%',
      { hospitals: [{ ...WE1_HOSPITALS[0]!, downgradePercent: '20' }] },
      'hospitals[0].downgradePercent',
    ],
    ['growth factors on the share method', { params: { economicGrowth: '1.05' } }, 'params.economicGrowth'],
    [
      'history of the budget year itself',
      { hospitals: [{ payeeId: 'X', history: [{ year: 2025, spendingYuan: '1.00' }] }] },
      'hospitals[0].history[0].year',
    ],
  ])('refuses %s (400 naming the field)', (_name, patch, field) => {
    given(allocationRunDecider)
      .when(commit(patch as Partial<CommitAllocationRun>), ON)
      .thenRejects({ code: ErrorCodes.INVALID_FIELD, field });
  });

  it('fits 10,000 hospitals with 5 years of history in one event under the 4 MiB store limit', () => {
    const hospitals = Array.from({ length: 10_000 }, (_, i) => ({
      payeeId: `H-${String(i).padStart(5, '0')}`,
      class: 'secondary-general',
      history: [2020, 2021, 2022, 2023, 2024].map((year) => ({
        year,
        spendingYuan: `${1_000_000 + i * 137 + year}.37`,
        cases: 1000 + (i % 300),
      })),
      lastYearQuotaYuan: `${1_500_000 + i * 141}.00`,
      downgradePercent: i % 50 === 0 ? '5' : null,
    }));
    const started = performance.now();
    const data = buildAllocationRun(
      commit({
        hospitals,
        params: { lookbackYears: 5, baseQuotaYuan: '100000.00' },
        facts: { ...FACTS, poolYuan: '22000000000.00' },
      }),
      ON,
    );
    const bytes = Buffer.byteLength(JSON.stringify(data));
    console.log(
      `10,000-hospital run: computed in ${(performance.now() - started).toFixed(0)} ms, event ${(bytes / 1024 / 1024).toFixed(2)} MiB`,
    );
    expect(data.rows).toHaveLength(10_000);
    expect(bytes).toBeLessThan(4 * 1024 * 1024);
    expect(data.totals.unallocatedYuan).toBe('0.00');
  });
});
