import { Decimal, sum, yuan } from '@ledger/money';
import type { JsonObject } from '@ledger/event-store';
import { DisbursePrepaymentCommand } from '@ledger/fund-ledger/hospital-budget/disburse-prepayment/disburse-prepayment.command';
import { DisbursePrepaymentRequest } from '@ledger/fund-ledger/hospital-budget/disburse-prepayment/disburse-prepayment.request.dto';
import { PostMonthlySettlementCommand } from '@ledger/fund-ledger/hospital-budget/post-monthly-settlement/post-monthly-settlement.command';
import { PostMonthlySettlementRequest } from '@ledger/fund-ledger/hospital-budget/post-monthly-settlement/post-monthly-settlement.request.dto';
import { AssessClawbackCommand } from '@ledger/fund-ledger/hospital-budget/assess-clawback/assess-clawback.command';
import { AssessClawbackRequest } from '@ledger/fund-ledger/hospital-budget/assess-clawback/assess-clawback.request.dto';
import { AssessLiquidatedDamagesCommand } from '@ledger/fund-ledger/hospital-budget/assess-liquidated-damages/assess-liquidated-damages.command';
import { AssessLiquidatedDamagesRequest } from '@ledger/fund-ledger/hospital-budget/assess-liquidated-damages/assess-liquidated-damages.request.dto';
import { ImposeFineCommand } from '@ledger/fund-ledger/hospital-budget/impose-fine/impose-fine.command';
import { ImposeFineRequest } from '@ledger/fund-ledger/hospital-budget/impose-fine/impose-fine.request.dto';
import { RecordAssessmentScoreCommand } from '@ledger/fund-ledger/hospital-budget/record-assessment-score/record-assessment-score.command';
import { RecordAssessmentScoreRequest } from '@ledger/fund-ledger/hospital-budget/record-assessment-score/record-assessment-score.request.dto';
import { DEMO_YEAR, type DemoHospital, ratioBetween } from './demo-city';
import type { DemoStep } from './demo-plan';

export interface HospitalYearPlan {
  readonly hospital: DemoHospital;
  readonly fundId: string;
  readonly quota: Decimal;
}

const Y = DEMO_YEAR;
const pad = (n: number) => String(n).padStart(2, '0');
/** Every so many hospital-years have refusals in their settlements (拒付), one an amplified refusal (WE-9). */
const REFUSALS_EVERY = 3;
/** The hospital-year (by index) that takes the clawback, and the one that takes damages, a fine and a low score. */
const CLAWBACK_INDEX = 1;
const PENALTY_INDEX = 0;

interface Claims {
  /** What the hospital claims each month, January first. */
  readonly monthlyYuan: readonly Decimal[];
  /** This year's score, 0..100. */
  readonly scorePoints: string;
}

/**
 * The year's claims: months 1-11 a little under the monthly prepayment, the rest in December (年底冲量), so
 * the total lands at 93-112 % of the quota. Claims within the cash advanced keep every prepayment inside the
 * quota (超总控) whatever the order, which keeps the bodies, and so the command ids' answers, fixed.
 */
function claimsOf(plan: HospitalYearPlan, index: number, random: () => number): Claims {
  const monthlyPrepayment = plan.quota.div(12).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  const yearRatio = index === PENALTY_INDEX ? new Decimal('1.12') : ratioBetween(random, '0.93', '1.12');
  const early = Array.from({ length: 11 }, () => monthlyPrepayment.times(ratioBetween(random, '0.80', '0.92')).toDecimalPlaces(2));
  const december = plan.quota.times(yearRatio).toDecimalPlaces(2).minus(sum(early));
  const scorePoints = index === PENALTY_INDEX ? '55' : ratioBetween(random, '72', '98').toDecimalPlaces(0).toFixed(0);
  return { monthlyYuan: [...early, december], scorePoints };
}

function refusalsFor(index: number, month: number, claimed: Decimal): JsonObject[] {
  if (index % REFUSALS_EVERY !== 2) return [];
  if (month === 6 && index === 2) {
    // WE-9: a phantom-bed case refused and amplified 2x on top (base + 2 x base).
    return [{ ruleId: 'R-ENF-7', caseRef: `ZY-${Y}-06-${pad(index)}`, baseYuan: '8000.00', multiplier: '2', includesBase: false, note: '挂床住院' }];
  }
  if (month !== 3 && month !== 8) return [];
  const base = claimed.times('0.015').toDecimalPlaces(2);
  return [{ ruleId: 'R-SET-3', caseRef: `JS-${Y}-${pad(month)}-${pad(index)}`, baseYuan: yuan(base), multiplier: '1', includesBase: true, note: '超限用药' }];
}

function budgetStep(plan: HospitalYearPlan, key: string, effectiveDate: string, body: JsonObject, dto: new () => object, make: DemoStep['command']): DemoStep {
  const { fundId } = plan;
  const { payeeId } = plan.hospital;
  return { key: `${key}:${fundId}:${payeeId}:${Y}`, role: 'finance', effectiveDate, body: { fundId, payeeId, ...body }, dto, command: make };
}

/** One hospital-year in date order: prepayments on the 1st, last month's settlement on the 5th, findings in November, the score in December. */
export function hospitalYearLane(plan: HospitalYearPlan, index: number, random: () => number): DemoStep[] {
  const claims = claimsOf(plan, index, random);
  const monthlyPrepayment = plan.quota.div(12).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  const prepay = (month: number) =>
    budgetStep(plan, `prepayment-${pad(month)}`, `${Y}-${pad(month)}-01`, { year: Y, month, grossYuan: yuan(monthlyPrepayment) }, DisbursePrepaymentRequest, (e, r) => new DisbursePrepaymentCommand(e, r as DisbursePrepaymentRequest));
  const settle = (month: number) => {
    const claimed = claims.monthlyYuan[month - 1]!;
    const date = month === 12 ? `${Y + 1}-01-05` : `${Y}-${pad(month + 1)}-05`;
    const body = { year: Y, month, claimedYuan: yuan(claimed), refusals: refusalsFor(index, month, claimed) };
    return budgetStep(plan, `settlement-${pad(month)}`, date, body, PostMonthlySettlementRequest, (e, r) => new PostMonthlySettlementCommand(e, r as PostMonthlySettlementRequest));
  };
  const steps: DemoStep[] = [prepay(1)];
  for (let month = 2; month <= 12; month += 1) {
    steps.push(prepay(month), settle(month - 1));
    if (month === 11) steps.push(...findings(plan, index));
  }
  steps.push(
    budgetStep(plan, 'score', `${Y}-12-20`, { year: Y, scorePoints: claims.scorePoints }, RecordAssessmentScoreRequest, (e, r) => new RecordAssessmentScoreCommand(e, r as RecordAssessmentScoreRequest)),
    settle(12),
  );
  return steps;
}

/** November's inspection findings (WE-8 shapes): a clawback of 分解住院, liquidated damages and an administrative fine. */
function findings(plan: HospitalYearPlan, index: number): DemoStep[] {
  if (plan.fundId !== 'EMP-POOLED') return [];
  if (index === CLAWBACK_INDEX) {
    const body = { serviceYear: Y, amountYuan: '50000.00', caseRef: `ZY-${Y}-0117`, reason: '分解住院' };
    return [budgetStep(plan, 'clawback', `${Y}-11-20`, body, AssessClawbackRequest, (e, r) => new AssessClawbackCommand(e, r as AssessClawbackRequest))];
  }
  if (index !== PENALTY_INDEX) return [];
  const damages = { serviceYear: Y, baseYuan: '100000.00', multiplier: '2', ruleId: 'R-ENF-6', caseRef: `JC-${Y}-08`, reason: '同类不合理费用反复发生' };
  const fine = { serviceYear: Y, baseYuan: '100000.00', multiplier: '3', ruleId: 'R-ENF-1', caseRef: `JC-${Y}-09`, decisionRef: `泉医保罚字〔${Y}〕9号` };
  return [
    budgetStep(plan, 'liquidated-damages', `${Y}-11-21`, damages, AssessLiquidatedDamagesRequest, (e, r) => new AssessLiquidatedDamagesCommand(e, r as AssessLiquidatedDamagesRequest)),
    budgetStep(plan, 'fine', `${Y}-11-22`, fine, ImposeFineRequest, (e, r) => new ImposeFineCommand(e, r as ImposeFineRequest)),
  ];
}
