import { Module } from '@nestjs/common';
import { RegistryLookupsModule } from '../registry/registry-lookups.module';
import { BudgetPolicyModule } from '../budget-policy/budget-policy.module';
import { AdjustQuotaController } from './adjust-quota/adjust-quota.controller';
import { AdjustQuotaHandler } from './adjust-quota/adjust-quota.handler';
import { AssessClawbackController } from './assess-clawback/assess-clawback.controller';
import { AssessClawbackHandler } from './assess-clawback/assess-clawback.handler';
import { AssessLiquidatedDamagesController } from './assess-liquidated-damages/assess-liquidated-damages.controller';
import { AssessLiquidatedDamagesHandler } from './assess-liquidated-damages/assess-liquidated-damages.handler';
import { DisbursePrepaymentController } from './disburse-prepayment/disburse-prepayment.controller';
import { DisbursePrepaymentHandler } from './disburse-prepayment/disburse-prepayment.handler';
import { GetHospitalYearEventsHandler } from './get-hospital-year-events/get-hospital-year-events.handler';
import { GetHospitalYearHandler } from './get-hospital-year/get-hospital-year.handler';
import { CancelPenaltyOnAppealController } from './cancel-penalty-on-appeal/cancel-penalty-on-appeal.controller';
import { CancelPenaltyOnAppealHandler } from './cancel-penalty-on-appeal/cancel-penalty-on-appeal.handler';
import { DecideObjectionController } from './decide-objection/decide-objection.controller';
import { DecideObjectionHandler } from './decide-objection/decide-objection.handler';
import { FileObjectionController } from './file-objection/file-objection.controller';
import { FileObjectionHandler } from './file-objection/file-objection.handler';
import { HospitalBudgetQueriesController } from './hospital-budget.queries.controller';
import { HospitalBudgetStreams } from './hospital-budget.streams';
import { ImposeFineController } from './impose-fine/impose-fine.controller';
import { ImposeFineHandler } from './impose-fine/impose-fine.handler';
import { PostMonthlySettlementController } from './post-monthly-settlement/post-monthly-settlement.controller';
import { PostMonthlySettlementHandler } from './post-monthly-settlement/post-monthly-settlement.handler';
import { RecordAssessmentScoreController } from './record-assessment-score/record-assessment-score.controller';
import { RecordAssessmentScoreHandler } from './record-assessment-score/record-assessment-score.handler';
import { RecoverReceivableController } from './recover-receivable/recover-receivable.controller';
import { RecoverReceivableHandler } from './recover-receivable/recover-receivable.handler';
import { ReleaseHeldYearEndPaymentController } from './release-held-year-end-payment/release-held-year-end-payment.controller';
import { ReleaseHeldYearEndPaymentHandler } from './release-held-year-end-payment/release-held-year-end-payment.handler';
import { SetQuotaController } from './set-quota/set-quota.controller';
import { SetQuotaHandler } from './set-quota/set-quota.handler';
import { SettleYearEndController } from './settle-year-end/settle-year-end.controller';
import { SettleYearEndHandler } from './settle-year-end/settle-year-end.handler';

/**
 * The hospital global budget (总额预算) of each fund, payee and year: quotas, prepayments, monthly
 * settlements, enforcement, assessment and the year-end settlement with its carry-in. Uses
 * RegistryLookups (RegistryLookupsModule) and BudgetPolicyService (BudgetPolicyModule).
 */
@Module({
  imports: [RegistryLookupsModule, BudgetPolicyModule],
  controllers: [
    SetQuotaController,
    AdjustQuotaController,
    DisbursePrepaymentController,
    PostMonthlySettlementController,
    AssessClawbackController,
    RecoverReceivableController,
    AssessLiquidatedDamagesController,
    ImposeFineController,
    RecordAssessmentScoreController,
    SettleYearEndController,
    ReleaseHeldYearEndPaymentController,
    FileObjectionController,
    DecideObjectionController,
    CancelPenaltyOnAppealController,
    HospitalBudgetQueriesController,
  ],
  providers: [
    HospitalBudgetStreams,
    FileObjectionHandler,
    DecideObjectionHandler,
    CancelPenaltyOnAppealHandler,
    SetQuotaHandler,
    AdjustQuotaHandler,
    DisbursePrepaymentHandler,
    PostMonthlySettlementHandler,
    AssessClawbackHandler,
    RecoverReceivableHandler,
    AssessLiquidatedDamagesHandler,
    ImposeFineHandler,
    RecordAssessmentScoreHandler,
    SettleYearEndHandler,
    ReleaseHeldYearEndPaymentHandler,
    GetHospitalYearHandler,
    GetHospitalYearEventsHandler,
  ],
})
export class HospitalBudgetModule {}
