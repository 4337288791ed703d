import type { DecisionContext, Decider } from '../shared/decider';
import { assertNever } from '../shared/decider';
import { type AdjustQuota, decideAdjustQuota } from './adjust-quota/adjust-quota.decider';
import { type AssessClawback, decideAssessClawback } from './assess-clawback/assess-clawback.decider';
import {
  type AssessLiquidatedDamages,
  decideAssessLiquidatedDamages,
} from './assess-liquidated-damages/assess-liquidated-damages.decider';
import { type CarryInBalance, decideCarryInBalance } from './carry-in-balance/carry-in-balance.decider';
import { decideDisbursePrepayment, type DisbursePrepayment } from './disburse-prepayment/disburse-prepayment.decider';
import type { HospitalBudgetEvent } from './hospital-budget.events';
import { evolve, type HospitalBudgetState, initialState } from './hospital-budget.state';
import { decideImposeFine, type ImposeFine } from './impose-fine/impose-fine.decider';
import {
  decidePostMonthlySettlement,
  type PostMonthlySettlement,
} from './post-monthly-settlement/post-monthly-settlement.decider';
import {
  decideRecordAssessmentScore,
  type RecordAssessmentScore,
} from './record-assessment-score/record-assessment-score.decider';
import { decideRecoverReceivable, type RecoverReceivable } from './recover-receivable/recover-receivable.decider';
import {
  decideReleaseHeldYearEndPayment,
  type ReleaseHeldYearEndPayment,
} from './release-held-year-end-payment/release-held-year-end-payment.decider';
import { decideSetQuota, type SetQuota } from './set-quota/set-quota.decider';
import { decideSettleYearEnd, type SettleYearEnd } from './settle-year-end/settle-year-end.decider';

/** Every command of the hospital global budget stream. Each carries its stream key (fundId, payeeId, year). */
export type HospitalBudgetCommand =
  | SetQuota
  | AdjustQuota
  | DisbursePrepayment
  | PostMonthlySettlement
  | AssessClawback
  | RecoverReceivable
  | AssessLiquidatedDamages
  | ImposeFine
  | RecordAssessmentScore
  | SettleYearEnd
  | CarryInBalance
  | ReleaseHeldYearEndPayment;

export type HospitalBudgetCommandType = HospitalBudgetCommand['type'];

export function decide(
  command: HospitalBudgetCommand,
  state: HospitalBudgetState,
  context: DecisionContext,
): HospitalBudgetEvent[] {
  switch (command.type) {
    case 'SetQuota':
      return decideSetQuota(command, state, context);
    case 'AdjustQuota':
      return decideAdjustQuota(command, state, context);
    case 'DisbursePrepayment':
      return decideDisbursePrepayment(command, state, context);
    case 'PostMonthlySettlement':
      return decidePostMonthlySettlement(command, state, context);
    case 'AssessClawback':
      return decideAssessClawback(command, state, context);
    case 'RecoverReceivable':
      return decideRecoverReceivable(command, state, context);
    case 'AssessLiquidatedDamages':
      return decideAssessLiquidatedDamages(command, state, context);
    case 'ImposeFine':
      return decideImposeFine(command, state, context);
    case 'RecordAssessmentScore':
      return decideRecordAssessmentScore(command, state, context);
    case 'SettleYearEnd':
      return decideSettleYearEnd(command, state, context);
    case 'CarryInBalance':
      return decideCarryInBalance(command, state, context);
    case 'ReleaseHeldYearEndPayment':
      return decideReleaseHeldYearEndPayment(command, state, context);
    default:
      return assertNever(command, 'hospital budget command');
  }
}

export const hospitalBudgetDecider: Decider<HospitalBudgetCommand, HospitalBudgetEvent, HospitalBudgetState> = {
  initialState,
  evolve,
  decide,
};
