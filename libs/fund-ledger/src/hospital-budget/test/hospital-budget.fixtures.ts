import { Decimal, roundFen, yuan } from '@ledger/money';
import { type BudgetPolicy, DEFAULT_BUDGET_POLICY, type PolicySnapshot } from '../../shared/budget-policy';
import type { DecisionContext } from '../../shared/decider';
import type { AdjustQuota } from '../adjust-quota/adjust-quota.decider';
import type { AssessClawback } from '../assess-clawback/assess-clawback.decider';
import type { AssessLiquidatedDamages } from '../assess-liquidated-damages/assess-liquidated-damages.decider';
import type { CarryInBalance } from '../carry-in-balance/carry-in-balance.decider';
import type { DisbursePrepayment } from '../disburse-prepayment/disburse-prepayment.decider';
import { type HospitalBudgetCommand, hospitalBudgetDecider } from '../hospital-budget.decider';
import type { AgreementFact, BudgetStreamKey, HospitalBudgetEvent } from '../hospital-budget.events';
import type { ImposeFine } from '../impose-fine/impose-fine.decider';
import type { PostMonthlySettlement } from '../post-monthly-settlement/post-monthly-settlement.decider';
import type { RecordAssessmentScore } from '../record-assessment-score/record-assessment-score.decider';
import type { RecoverReceivable } from '../recover-receivable/recover-receivable.decider';
import type { SetQuota } from '../set-quota/set-quota.decider';
import type { SettleYearEnd } from '../settle-year-end/settle-year-end.decider';

/** Shared data for the hospital-budget specs (no jest here: plain builders). */
export const FUND = 'EMP';
export const CO_FUND = 'MA';
export const PAYEE = 'H001';
export const YEAR = 2024;
export const KEY: BudgetStreamKey = { fundId: FUND, payeeId: PAYEE, year: YEAR };

export function on(effectiveDate: string): DecisionContext {
  return { now: `${effectiveDate}T09:00:00.000Z`, effectiveDate };
}

export const BEFORE_YEAR = on('2023-12-15');
export const MID_YEAR = on('2024-06-15');
export const AFTER_YEAR = on('2025-01-20');

export const ACTIVE_AGREEMENT: AgreementFact = { status: 'active', validFrom: '2024-01-01', validTo: '2024-12-31' };
export const POLICY: PolicySnapshot = { policyVersion: 'policy-EMP-2024@3', policy: DEFAULT_BUDGET_POLICY };

export function policyWith(overrides: Partial<BudgetPolicy>): PolicySnapshot {
  return { policyVersion: 'policy-EMP-2024@9', policy: { ...DEFAULT_BUDGET_POLICY, ...overrides } };
}

/** WE-1 (文登): overrun borne by the hospital, surplus rolled into next year's quota, nothing withheld. */
export const WE1_POLICY = policyWith({
  overrunTiers: [{ upToQuotaRatio: null, fundShare: '0' }],
  surplusTiers: [{ upToQuotaRatio: null, retainedShare: '1' }],
  depositWithholdRate: '0',
  retentionMode: 'carry_forward',
});

/** WE-2 (××市): the fund pays 70% of any overrun; nothing withheld. */
export const WE2_POLICY = policyWith({
  overrunTiers: [{ upToQuotaRatio: null, fundShare: '0.70' }],
  depositWithholdRate: '0',
});

export function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** Prepayments go out on the 1st of their month. */
export function prepaymentDay(month: number, year = YEAR): DecisionContext {
  return on(`${year}-${pad2(month)}-01`);
}

/** A month is settled on the 10th of the next month (statement by the 5th, 5-day window). */
export function settlementDay(month: number, year = YEAR): DecisionContext {
  return month === 12 ? on(`${year + 1}-01-10`) : on(`${year}-${pad2(month + 1)}-10`);
}

export const setQuota = (quotaYuan = '36000000.00', key = KEY): SetQuota => ({
  type: 'SetQuota',
  ...key,
  quotaYuan,
  method: 'manual',
});

export const adjustQuota = (fields: Omit<AdjustQuota, 'type' | keyof BudgetStreamKey>): AdjustQuota => ({
  type: 'AdjustQuota',
  ...KEY,
  ...fields,
});

export const prepay = (
  month: number,
  grossYuan = '3000000.00',
  policy = POLICY,
  agreement: AgreementFact | null = ACTIVE_AGREEMENT,
): DisbursePrepayment => ({
  type: 'DisbursePrepayment',
  ...KEY,
  month,
  grossYuan,
  agreement,
  policy,
});

export const settle = (
  month: number,
  claimedYuan: string,
  extra: Partial<Omit<PostMonthlySettlement, 'type' | 'month' | 'claimedYuan'>> = {},
): PostMonthlySettlement => ({
  type: 'PostMonthlySettlement',
  ...KEY,
  month,
  claimedYuan,
  refusals: [],
  agreement: ACTIVE_AGREEMENT,
  policy: POLICY,
  ...extra,
});

export const clawback = (
  receivableId: string,
  amountYuan: string,
  extra: Partial<AssessClawback> = {},
): AssessClawback => ({
  type: 'AssessClawback',
  ...KEY,
  receivableId,
  amountYuan,
  serviceYear: YEAR,
  caseRef: `case-${receivableId}`,
  reason: 'readmission within 28 days (R-ENF-11)',
  serviceYearClosed: false,
  ...extra,
});

export const recover = (amountYuan: string, receivableId?: string): RecoverReceivable => ({
  type: 'RecoverReceivable',
  ...KEY,
  amountYuan,
  method: 'repayment',
  ...(receivableId === undefined ? {} : { receivableId }),
});

export const damages = (receivableId: string, baseYuan: string, multiplier: string): AssessLiquidatedDamages => ({
  type: 'AssessLiquidatedDamages',
  ...KEY,
  receivableId,
  baseYuan,
  multiplier,
  ruleId: 'R-ENF-5',
  caseRef: 'insp-2024-017',
  reason: 'breach of the service agreement',
});

export const fine = (fineId: string, baseYuan: string, multiplier: string): ImposeFine => ({
  type: 'ImposeFine',
  ...KEY,
  fineId,
  baseYuan,
  multiplier,
  ruleId: 'R-ENF-1',
  caseRef: 'fraud-2024-003',
  decisionRef: '医保罚字〔2024〕3号',
});

export const score = (scorePoints: string): RecordAssessmentScore => ({
  type: 'RecordAssessmentScore',
  ...KEY,
  scorePoints,
});

export const settleYearEnd = (policy = POLICY): SettleYearEnd => ({ type: 'SettleYearEnd', ...KEY, policy });

export const carryIn = (fields: Partial<Omit<CarryInBalance, 'type'>> = {}): CarryInBalance => ({
  type: 'CarryInBalance',
  ...KEY,
  fromYear: YEAR - 1,
  carryForwardCreditYuan: '0.00',
  receivables: [],
  ...fields,
});

export type Step = readonly [HospitalBudgetCommand, DecisionContext];

/** Runs commands through the real decider: a history that decide itself would have produced. */
export function history(steps: readonly Step[], from: readonly HospitalBudgetEvent[] = []): HospitalBudgetEvent[] {
  const events = [...from];
  let state = events.reduce(hospitalBudgetDecider.evolve, hospitalBudgetDecider.initialState());
  for (const [command, context] of steps) {
    const decided = hospitalBudgetDecider.decide(command, state, context);
    state = decided.reduce(hospitalBudgetDecider.evolve, state);
    events.push(...decided);
  }
  return events;
}

/** 11 × (total / 12 rounded to the fen) and the remainder in December, so the twelve add up exactly. */
export function monthlyShares(totalYuan: string): string[] {
  const total = new Decimal(totalYuan);
  const share = roundFen(total.div(12));
  const last = total.minus(share.times(11));
  return [...Array<Decimal>(11).fill(share), last].map(yuan);
}

/** A year already settled and closed (quota, score, year-end): every command on it is PERIOD_CLOSED. */
export function closedYear(): HospitalBudgetEvent[] {
  return history([
    [setQuota('1000.00'), BEFORE_YEAR],
    [score('90'), on('2024-11-25')],
    [settleYearEnd(), AFTER_YEAR],
  ]);
}
