/** Hospital global budget stream (总额预算): pure domain, no Nest, no I/O. */
export * from './hospital-budget.events';
export {
  type HospitalBudgetState,
  type Receivable,
  initialState,
  evolve,
  currentQuota,
  paidTowardYear,
  openReceivables,
} from './hospital-budget.state';
export {
  decide,
  hospitalBudgetDecider,
  type HospitalBudgetCommand,
  type HospitalBudgetCommandType,
} from './hospital-budget.decider';
export { HospitalBudgetErrorCodes, type HospitalBudgetErrorCode } from './hospital-budget.errors';
export { parsePolicy, parsePolicySnapshot, type ParsedPolicy, type ParsedTier } from './hospital-budget.policy';
export { addCalendarMonths } from './hospital-budget.inputs';
export { type SetQuota } from './set-quota/set-quota.decider';
export { type AdjustQuota } from './adjust-quota/adjust-quota.decider';
export { type DisbursePrepayment } from './disburse-prepayment/disburse-prepayment.decider';
export {
  type PostMonthlySettlement,
  type RefusalInput,
  type CoFundingInput,
  refusedAmount,
  MAX_REFUSALS,
} from './post-monthly-settlement/post-monthly-settlement.decider';
export { type AssessClawback } from './assess-clawback/assess-clawback.decider';
export { type RecoverReceivable } from './recover-receivable/recover-receivable.decider';
export { type AssessLiquidatedDamages } from './assess-liquidated-damages/assess-liquidated-damages.decider';
export { type ImposeFine } from './impose-fine/impose-fine.decider';
export {
  type RecordAssessmentScore,
  type ScoreComponentInput,
} from './record-assessment-score/record-assessment-score.decider';
export { type SettleYearEnd, yearEndReceivableId } from './settle-year-end/settle-year-end.decider';
export {
  computeYearEndSettlement,
  splitByTiers,
  settleDeposit,
  toBreakdownData,
  type YearEndBreakdown,
  type YearEndRuleInputs,
  type TierSplit,
} from './settle-year-end/year-end-settlement.rule';
export { type CarryInBalance } from './carry-in-balance/carry-in-balance.decider';
