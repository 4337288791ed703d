import { specification } from '../../../test/decider-specification';
import type { DecisionContext } from '../../../shared/decider';
import { evolve, initialState, type HospitalBudgetState } from '../../hospital-budget.state';
import type { HospitalBudgetEvent } from '../../hospital-budget.events';
import { BEFORE_YEAR, history, KEY, on, POLICY, prepay, prepaymentDay, setQuota, settle } from '../../test/hospital-budget.fixtures';
import type { CancelPenaltyOnAppeal } from '../../cancel-penalty-on-appeal/cancel-penalty-on-appeal.decider';
import type { DecideObjection } from '../../decide-objection/decide-objection.decider';
import type { FileObjection } from '../file-objection.decider';

/** Shared data for the due-process specs (no jest calls here: plain builders). Test-only. */

/** given(history).when(command) with one use case's own decide over the area's fold. */
export const givenFor =
  <C>(decide: (command: C, state: HospitalBudgetState, context: DecisionContext) => readonly HospitalBudgetEvent[]) =>
  (events: readonly HospitalBudgetEvent[]) =>
    specification({ initialState, evolve, decide: (c: C, s: HospitalBudgetState, x: DecisionContext) => [...decide(c, s, x)] }).given(events);

/** January 2024: refused 24,000 (8,000 + 2×8,000, R-ENF-7) and 7,200 (R-ENF-11); statement 2024-02-10. */
export const JANUARY_REFUSALS = [
  { ruleId: 'R-ENF-7', caseRef: 'ZY-0123', baseYuan: '8000.00', multiplier: '2', includesBase: false },
  { ruleId: 'R-ENF-11', caseRef: 'ZY-0456', baseYuan: '7200.00', multiplier: '1', includesBase: true },
];
export const STATEMENT_DAY = on('2024-02-10');

/** Quota, January prepaid (3,000,000 gross) and settled (claim 3,166,666.67, refused 31,200). */
export function januarySettled(quotaYuan = '36000000.00'): HospitalBudgetEvent[] {
  return history([
    [setQuota(quotaYuan), BEFORE_YEAR],
    [prepay(1), prepaymentDay(1)],
    [settle(1, '3166666.67', { refusals: JANUARY_REFUSALS }), STATEMENT_DAY],
  ]);
}

export const fileObjection = (date: string, extra: Partial<FileObjection> = {}): FileObjection => ({
  type: 'FileObjection',
  ...KEY,
  month: 1,
  lines: [0, 1],
  reason: '病历齐全，非冒名住院',
  policy: POLICY,
  filerRole: 'hospital',
  recordedOn: date,
  ...extra,
});

export const decideObjection = (extra: Partial<DecideObjection> = {}): DecideObjection => ({
  type: 'DecideObjection',
  ...KEY,
  month: 1,
  decision: 'upheld',
  overturned: [{ line: 0 }],
  decisionRef: '医保复字〔2024〕2号',
  reason: '复核确认',
  agreement: { status: 'active', validFrom: '2024-01-01', validTo: '2024-12-31' },
  policy: POLICY,
  ...extra,
});

export const cancelPenalty = (penaltyKind: CancelPenaltyOnAppeal['penaltyKind'], penaltyId: string): CancelPenaltyOnAppeal => ({
  type: 'CancelPenaltyOnAppeal',
  ...KEY,
  penaltyKind,
  penaltyId,
  decisionRef: '复议决字〔2024〕9号',
  reason: '复议撤销',
});
