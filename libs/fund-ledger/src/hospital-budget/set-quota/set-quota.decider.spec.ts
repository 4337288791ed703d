import { InvariantViolation } from '../../shared/decider';
import { ErrorCodes } from '../../shared/domain-error';
import { scenarioDecider as hospitalBudgetDecider } from '../test/given';
import { given } from '../test/given';
import { currentQuota } from '../hospital-budget.state';
import { BEFORE_YEAR, carryIn, closedYear, history, KEY, on, setQuota } from '../test/hospital-budget.fixtures';
import type { SetQuota } from './set-quota.decider';

const base = { fundId: 'EMP', payeeId: 'H001', year: 2024, effectiveDate: '2023-12-15' };

describe('SetQuota', () => {
  it('sets the annual quota once, without postings', () => {
    given([])
      .when(setQuota('36000000.00'), BEFORE_YEAR)
      .then([
        {
          type: 'QuotaSet',
          data: {
            ...base,
            quotaYuan: '36000000.00',
            method: 'manual',
            runId: null,
            basis: null,
            carriedInYuan: '0.00',
            currentQuotaYuan: '36000000.00',
          },
        },
      ]);
  });

  it('records the run and its inputs for an allocation run (WE-1: 12,000万 × 3.925% = 471万)', () => {
    const basis = {
      poolYuan: '120000000.00',
      hospital3yYuan: '11775000.00',
      all3yYuan: '300000000.00',
      share: '0.03925',
    };
    const command: SetQuota = { ...setQuota('4710000.00'), method: 'allocation_run', runId: 'run-2024-01', basis };
    const [event] = given([]).when(command, BEFORE_YEAR).thenEvents().events;
    expect(event).toEqual({
      type: 'QuotaSet',
      data: {
        ...base,
        quotaYuan: '4710000.00',
        method: 'allocation_run',
        runId: 'run-2024-01',
        basis,
        carriedInYuan: '0.00',
        currentQuotaYuan: '4710000.00',
      },
    });
    expect(event!.type === 'QuotaSet' && event!.data.basis).not.toBe(basis); // a copy, not an alias
  });

  it('adds a credit carried in before the quota was set (WE-1 case B roll-over)', () => {
    const events = history([[carryIn({ carryForwardCreditYuan: '410000.00' }), on('2024-01-05')]]);
    const { events: decided, state } = given(events).when(setQuota('4710000.00'), on('2024-01-06')).thenEvents();
    expect(decided[0]!.data).toMatchObject({
      quotaYuan: '4710000.00',
      carriedInYuan: '410000.00',
      currentQuotaYuan: '5120000.00',
    });
    expect(currentQuota(state)!.toFixed(2)).toBe('5120000.00');
  });

  it('refuses a second quota for the same hospital-year (409 ALREADY_EXISTS)', () => {
    const events = history([[setQuota(), BEFORE_YEAR]]);
    given(events).when(setQuota('1.00'), BEFORE_YEAR).thenThrows(ErrorCodes.ALREADY_EXISTS, 'conflict');
  });

  it('refuses a closed year (PERIOD_CLOSED)', () => {
    given(closedYear()).when(setQuota(), BEFORE_YEAR).thenThrows(ErrorCodes.PERIOD_CLOSED, 'business_rule');
  });

  it.each([
    ['a zero quota', { quotaYuan: '0.00' }],
    ['a number instead of a string', { quotaYuan: 36000000 as unknown as string }],
    ['three decimal places', { quotaYuan: '1.005' }],
    ['an unknown method', { method: 'guess' as 'manual' }],
    ['a run id on a manual quota', { runId: 'run-1' }],
    ['an allocation run without run id', { method: 'allocation_run' as const, basis: {} }],
    ['an allocation run without basis', { method: 'allocation_run' as const, runId: 'run-1' }],
    [
      'a basis that is an array',
      { method: 'allocation_run' as const, runId: 'run-1', basis: [] as unknown as Record<string, unknown> },
    ],
    ['the treasury as fund', { fundId: 'TREASURY' }],
    ['a fund id with ":"', { fundId: 'EMP:x' }],
    ['a fractional year', { year: 2024.5 }],
  ])('refuses %s (400 INVALID_FIELD)', (_name, patch) => {
    given([])
      .when({ ...setQuota(), ...patch }, BEFORE_YEAR)
      .thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
  });

  it('refuses a malformed effective date (400)', () => {
    given([]).when(setQuota(), on('2024-02-30')).thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
  });

  it.each(['2022-12-31', '2026-01-01'])('refuses effective date %s outside year−1..year+1', (date) => {
    given([]).when(setQuota(), on(date)).thenThrows(ErrorCodes.EFFECTIVE_DATE_OUTSIDE_YEAR);
  });

  it('treats a command for another stream as a routing bug (invariant, not a user error)', () => {
    const state = given(history([[setQuota(), BEFORE_YEAR]])).state;
    expect(() => hospitalBudgetDecider.decide({ ...setQuota(), payeeId: 'H002' }, state, BEFORE_YEAR)).toThrow(
      InvariantViolation,
    );
    expect(state.key).toEqual(KEY);
  });
});
