import { ErrorCodes } from '../shared/domain-error';
import { given } from '../test/decider-specification';
import { type AdoptAllocationRun, type ApproveFundBudget, fundBudgetDecider } from './fund-budget.decider';
import type { AllocationRunAdopted, FundBudgetApproved } from './fund-budget.events';

const ON = { now: '2024-12-10T02:00:00.000Z', effectiveDate: '2024-12-10' };

const approve = (overrides: Partial<ApproveFundBudget> = {}): ApproveFundBudget => ({
  type: 'ApproveFundBudget',
  fundId: 'WD-NCMS',
  year: 2025,
  totalForQuotasYuan: '120000000.00',
  basis: {
    projectedIncomeYuan: '150000000.00',
    reserveYuan: '15000000.00',
    excludedEarmarks: [
      { name: '单病种定额', amountYuan: '10000000.00' },
      { name: '门诊统筹', amountYuan: '5000000.00' },
    ],
  },
  ...overrides,
});

const approved: FundBudgetApproved = {
  type: 'FundBudgetApproved',
  data: {
    fundId: 'WD-NCMS',
    year: 2025,
    effectiveDate: '2024-12-10',
    totalForQuotasYuan: '120000000.00',
    basis: {
      projectedIncomeYuan: '150000000.00',
      reserveYuan: '15000000.00',
      excludedEarmarks: [
        { name: '单病种定额', amountYuan: '10000000.00' },
        { name: '门诊统筹', amountYuan: '5000000.00' },
      ],
    },
    computedTotalYuan: '120000000.00',
    differenceYuan: '0.00',
    differenceReason: null,
  },
};

const adopt = (runId: string, supersedes: AdoptAllocationRun['supersedes'] = null): AdoptAllocationRun => ({
  type: 'AdoptAllocationRun',
  fundId: 'WD-NCMS',
  year: 2025,
  runId,
  method: 'share_of_history',
  methodVersion: runId.split('-').pop()!,
  supersedes,
  hospitals: 3,
  allocatedYuan: '120000000.00',
});

const adopted = (runId: string, supersedes: AdoptAllocationRun['supersedes'] = null): AllocationRunAdopted => {
  const { type: _type, ...fields } = adopt(runId, supersedes);
  return { type: 'AllocationRunAdopted', data: { ...fields, effectiveDate: '2024-12-10' } };
};

const RUN_1 = 'allocation-run-WD-NCMS-2025-v1';
const RUN_2 = 'allocation-run-WD-NCMS-2025-v2';

describe('ApproveFundBudget (以收定支, §3.2 step 1)', () => {
  it('approves the total for quotas = income − reserve − earmarks, recording the figures', () => {
    given(fundBudgetDecider).when(approve(), ON).then([approved]);
  });

  it('records a negotiated difference with its reason (R-BUD-5)', () => {
    const [event] = given(fundBudgetDecider)
      .when(approve({ totalForQuotasYuan: '118000000.00', differenceReason: '三方协商: 预留年中调剂' }), ON)
      .events();
    expect(event!.data).toMatchObject({
      computedTotalYuan: '120000000.00',
      differenceYuan: '-2000000.00',
      differenceReason: '三方协商: 预留年中调剂',
    });
  });

  it('refuses a difference without a reason, and a reason without a difference (400)', () => {
    given(fundBudgetDecider)
      .when(approve({ totalForQuotasYuan: '118000000.00' }), ON)
      .thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'differenceReason' });
    given(fundBudgetDecider)
      .when(approve({ differenceReason: 'why' }), ON)
      .thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'differenceReason' });
  });

  it('decides nothing for the same approval again; 409 for another one', () => {
    given(fundBudgetDecider, [approved])
      .when(approve(), { ...ON, effectiveDate: '2024-12-11' })
      .thenNothing();
    given(fundBudgetDecider, [approved])
      .when(approve({ totalForQuotasYuan: '1.00', differenceReason: 'x' }), ON)
      .thenRejects({ kind: 'conflict', code: ErrorCodes.ALREADY_EXISTS });
  });

  it.each([
    ['a zero total', { totalForQuotasYuan: '0.00' }, 'totalForQuotasYuan'],
    [
      'a duplicated earmark',
      {
        basis: {
          ...approve().basis,
          excludedEarmarks: [
            { name: 'x', amountYuan: '1.00' },
            { name: 'x', amountYuan: '2.00' },
          ],
        },
      },
      'basis.excludedEarmarks[1].name',
    ],
    ['a negative reserve', { basis: { ...approve().basis, reserveYuan: '-1.00' } }, 'basis.reserveYuan'],
    ['the treasury as fund', { fundId: 'TREASURY' }, 'fundId'],
  ])('refuses %s (400 naming the field)', (_name, patch, field) => {
    given(fundBudgetDecider)
      .when(approve(patch as Partial<ApproveFundBudget>), ON)
      .thenRejects({ code: ErrorCodes.INVALID_FIELD, field });
  });

  it('refuses a date outside year−1..year+1', () => {
    given(fundBudgetDecider)
      .when(approve(), { ...ON, effectiveDate: '2023-12-31' })
      .thenRejects({ code: ErrorCodes.EFFECTIVE_DATE_OUTSIDE_YEAR });
  });
});

describe('AdoptAllocationRun (one run in force; a second only by superseding it)', () => {
  it('adopts the first run of an approved fund-year', () => {
    const [event] = given(fundBudgetDecider, [approved]).when(adopt(RUN_1), ON).events();
    expect(event).toEqual({
      type: 'AllocationRunAdopted',
      data: {
        fundId: 'WD-NCMS',
        year: 2025,
        effectiveDate: '2024-12-10',
        runId: RUN_1,
        method: 'share_of_history',
        methodVersion: 'v1',
        supersedes: null,
        hospitals: 3,
        allocatedYuan: '120000000.00',
      },
    });
  });

  it('refuses before the budget is approved (422 INVALID_TRANSITION)', () => {
    given(fundBudgetDecider).when(adopt(RUN_1), ON).thenRejects({ code: ErrorCodes.INVALID_TRANSITION });
  });

  it('decides nothing when the run is already in force (a resumed commit)', () => {
    given(fundBudgetDecider, [approved, adopted(RUN_1)])
      .when(adopt(RUN_1), ON)
      .thenNothing();
  });

  it('refuses a second run that does not name the run in force (409)', () => {
    given(fundBudgetDecider, [approved, adopted(RUN_1)])
      .when(adopt(RUN_2), ON)
      .thenRejects({ kind: 'conflict', code: ErrorCodes.ALREADY_EXISTS, field: 'supersedes' });
    given(fundBudgetDecider, [approved, adopted(RUN_1)])
      .when(adopt(RUN_2, { runId: 'allocation-run-WD-NCMS-2025-v0', reason: 'x' }), ON)
      .thenRejects({ kind: 'conflict', code: ErrorCodes.ALREADY_EXISTS, field: 'supersedes.runId' });
  });

  it('supersedes the run in force when named, and never brings a superseded run back', () => {
    const supersedes = { runId: RUN_1, reason: '新增两家定点医院' };
    const { state } = given(fundBudgetDecider, [approved, adopted(RUN_1), adopted(RUN_2, supersedes)]);
    expect(state.adoptedRunId).toBe(RUN_2);
    given(fundBudgetDecider, [approved, adopted(RUN_1)])
      .when(adopt(RUN_2, supersedes), ON)
      .then([adopted(RUN_2, supersedes)]);
    given(fundBudgetDecider, [approved, adopted(RUN_1), adopted(RUN_2, supersedes)])
      .when(adopt(RUN_1, { runId: RUN_2, reason: 'back' }), ON)
      .thenRejects({ code: ErrorCodes.INVALID_TRANSITION, field: 'methodVersion' });
  });

  it('refuses to supersede when nothing is in force, and a run above the approved total', () => {
    given(fundBudgetDecider, [approved])
      .when(adopt(RUN_2, { runId: RUN_1, reason: 'x' }), ON)
      .thenRejects({ code: ErrorCodes.INVALID_TRANSITION, field: 'supersedes.runId' });
    given(fundBudgetDecider, [approved])
      .when({ ...adopt(RUN_1), allocatedYuan: '120000000.01' }, ON)
      .thenRejects({ code: ErrorCodes.QUOTA_EXCEEDED });
  });
});
