import { DomainError, ErrorCodes } from '../shared/domain-error';
import { type HospitalBudgetCommand, hospitalBudgetDecider } from './hospital-budget.decider';
import { budgetStreamName } from './hospital-budget.events';
import { given } from './test/given';
import {
  BEFORE_YEAR,
  clawback,
  damages,
  fine,
  history,
  KEY,
  MID_YEAR,
  on,
  prepay,
  prepaymentDay,
  recover,
  score,
  setQuota,
  settle,
  settlementDay,
} from './test/hospital-budget.fixtures';

describe('hospital budget stream', () => {
  it('names the stream budget-{fundId}.{payeeId}.{year}, one way only', () => {
    expect(budgetStreamName('EMP', 'H001', 2024)).toBe('budget-EMP.H001.2024');
    expect(budgetStreamName('A-B', 'C', 2024)).not.toBe(budgetStreamName('A', 'B-C', 2024));
  });

  it('puts the stream key and business date on every event', () => {
    const events = history([
      [setQuota(), BEFORE_YEAR],
      [prepay(1), prepaymentDay(1)],
      [settle(1, '3500000.00'), settlementDay(1)],
      [clawback('CB-1', '1000.00'), MID_YEAR],
      [damages('LD-1', '1000.00', '2'), MID_YEAR],
      [fine('FN-1', '1000.00', '2'), MID_YEAR],
      [recover('500.00'), MID_YEAR],
      [score('90'), on('2024-11-25')],
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'QuotaSet',
      'PrepaymentDisbursed',
      'MonthlySettlementPosted',
      'ClawbackAssessed',
      'LiquidatedDamagesAssessed',
      'FineImposed',
      'ReceivableRecovered',
      'AssessmentScored',
    ]);
    for (const event of events) {
      expect(event.data).toMatchObject({ ...KEY, effectiveDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    }
    // Events survive a JSON round trip unchanged (what the store writes is what evolve reads back).
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
  });

  it('evolve never mutates the previous state', () => {
    const events = history([
      [setQuota(), BEFORE_YEAR],
      [prepay(1), prepaymentDay(1)],
      [settle(1, '1000000.00'), settlementDay(1)],
      [clawback('CB-1', '1000.00'), MID_YEAR],
    ]);
    const before = given(events.slice(0, 3)).state;
    const snapshot = JSON.stringify(before);
    const after = hospitalBudgetDecider.evolve(before, events[3]!);
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(after).not.toBe(before);
    expect(after.receivables).toHaveLength(1);
    expect(before.receivables).toHaveLength(0);
  });

  it('rejects an unknown command type loudly (exhaustive switch)', () => {
    const bogus = { type: 'PayBonus', ...KEY } as unknown as HospitalBudgetCommand;
    expect(() => hospitalBudgetDecider.decide(bogus, hospitalBudgetDecider.initialState(), MID_YEAR)).toThrow(
      'unhandled hospital budget command',
    );
  });

  it('given/when/then fails a spec whose events differ, or whose refusal has another code', () => {
    const quota = history([[setQuota(), BEFORE_YEAR]]);
    expect(() => given([]).when(setQuota(), BEFORE_YEAR).then([])).toThrow();
    expect(() => given(quota).when(setQuota(), BEFORE_YEAR).thenThrows(ErrorCodes.PERIOD_CLOSED)).toThrow(
      /ALREADY_EXISTS/,
    );
    expect(() => given([]).when(setQuota(), BEFORE_YEAR).thenThrows(ErrorCodes.ALREADY_EXISTS)).toThrow(/accepted/);
    expect(given(quota).when(setQuota(), BEFORE_YEAR).thenThrows(ErrorCodes.ALREADY_EXISTS)).toBeInstanceOf(
      DomainError,
    );
  });
});
