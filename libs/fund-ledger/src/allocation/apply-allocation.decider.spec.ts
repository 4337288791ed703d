import { fold } from '../shared/decider';
import { ErrorCodes } from '../shared/domain-error';
import { caught } from '../test/decider-specification';
import type { HospitalBudgetEvent } from '../hospital-budget/hospital-budget.events';
import { hospitalBudgetDecider } from '../hospital-budget/hospital-budget.decider';
import { currentQuota } from '../hospital-budget/hospital-budget.state';
import {
  applicationCommand,
  type ApplicationState,
  decideApplication,
  evolveApplication,
  initialApplicationState,
  type QuotaApplication,
} from './apply-allocation.decider';

const ON = { now: '2024-12-20T02:00:00.000Z', effectiveDate: '2024-12-20' };
const KEY = { fundId: 'WD-NCMS', payeeId: 'SONGCUN', year: 2025 };
const RUN_1 = 'allocation-run-WD-NCMS-2025-v1';
const RUN_2 = 'allocation-run-WD-NCMS-2025-v2';

const application = (
  quotaYuan: string,
  runId = RUN_1,
  supersedes: QuotaApplication['supersedes'] = null,
): QuotaApplication => ({
  ...KEY,
  runId,
  quotaYuan,
  supersedes,
  basis: { runId, quotaYuan },
});

const stateOf = (events: readonly HospitalBudgetEvent[]): ApplicationState =>
  fold({ initialState: initialApplicationState, evolve: evolveApplication }, events);

/** Decides and returns the history extended with the decided events. */
function applied(history: readonly HospitalBudgetEvent[], app: QuotaApplication, context = ON): HospitalBudgetEvent[] {
  return [...history, ...decideApplication(app, stateOf(history), context)];
}

describe('applying a run line to its hospital-year budget stream', () => {
  it('sets the quota of a stream without one: QuotaSet(method allocation_run, runId, basis)', () => {
    const events = decideApplication(application('4710000.00'), stateOf([]), ON);
    expect(events).toEqual([
      {
        type: 'QuotaSet',
        data: {
          ...KEY,
          effectiveDate: '2024-12-20',
          quotaYuan: '4710000.00',
          method: 'allocation_run',
          runId: RUN_1,
          basis: { runId: RUN_1, quotaYuan: '4710000.00' },
          carriedInYuan: '0.00',
          currentQuotaYuan: '4710000.00',
        },
      },
    ]);
  });

  it('decides nothing when the stream already has the run quota (re-applying is a no-op)', () => {
    const once = applied([], application('4710000.00'));
    expect(decideApplication(application('4710000.00'), stateOf(once), ON)).toEqual([]);
  });

  it('a superseding run adjusts by the difference (QuotaAdjusted allocation_supersede), keeping other adjustments', () => {
    const set = applied([], application('4710000.00'));
    const increase = hospitalBudgetDecider.decide(
      {
        type: 'AdjustQuota',
        ...KEY,
        reason: 'normal_overrun_increase',
        direction: 'increase',
        amountYuan: '100000.00',
        note: '新技术',
      },
      stateOf(set).budget,
      ON,
    );
    const history = [...set, ...increase];
    const supersedes = { runId: RUN_1, reason: '补录2024年数据' };
    const events = decideApplication(application('4500000.00', RUN_2, supersedes), stateOf(history), ON);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'QuotaAdjusted',
      data: {
        reason: 'allocation_supersede',
        direction: 'decrease',
        previousQuotaYuan: '4810000.00',
        deltaYuan: '-210000.00',
        newQuotaYuan: '4600000.00',
        note: `allocation run ${RUN_2} supersedes ${RUN_1}: 补录2024年数据`,
      },
    });
    const after = stateOf([...history, ...events]);
    expect(after.allocatedBaseYuan!.toFixed(2)).toBe('4500000.00');
    expect(currentQuota(after.budget)!.toFixed(2)).toBe('4600000.00'); // the in-year increase stays on top
    expect(applicationCommand(application('4500000.00', RUN_2, supersedes), after)).toBeNull();
  });

  it('keeps a credit carried in before the quota on top of it (SetQuota never carries it)', () => {
    const carried = hospitalBudgetDecider.decide(
      { type: 'CarryInBalance', ...KEY, fromYear: 2024, carryForwardCreditYuan: '410000.00', receivables: [] },
      stateOf([]).budget,
      ON,
    );
    const events = applied(carried, application('4710000.00'));
    expect(events[1]).toMatchObject({
      type: 'QuotaSet',
      data: { quotaYuan: '4710000.00', carriedInYuan: '410000.00', currentQuotaYuan: '5120000.00' },
    });
  });

  it('takes a manually set quota as the base the run replaces', () => {
    const manual = hospitalBudgetDecider.decide(
      { type: 'SetQuota', ...KEY, quotaYuan: '5000000.00', method: 'manual' },
      stateOf([]).budget,
      ON,
    );
    expect(applicationCommand(application('4710000.00'), stateOf(manual))).toMatchObject({
      type: 'AdjustQuota',
      reason: 'allocation_supersede',
      direction: 'decrease',
      amountYuan: '290000.00',
    });
  });

  it("is refused by the budget stream's own rules (a closed year: 422 PERIOD_CLOSED)", () => {
    const set = applied([], application('100.00'));
    const closed = { ...stateOf(set), budget: { ...stateOf(set).budget, closed: true } };
    expect(caught(() => decideApplication(application('200.00', RUN_2), closed, ON))).toMatchObject({
      code: ErrorCodes.PERIOD_CLOSED,
    });
  });
});
