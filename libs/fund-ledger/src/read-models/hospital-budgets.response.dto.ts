import { ApiProperty } from '@nestjs/swagger';
import { IntegerField, ObjectField, PageView, ReadPointView, YuanField } from '../application/read-views';

/** Response shapes of the hospital-budget read models (hospital-budgets.controller.ts), for /docs. */
export class HospitalBudgetSummaryItemView {
  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @ApiProperty({ example: 'H-001' })
  payeeId!: string;

  @IntegerField(undefined, 2025)
  year!: number;

  @ApiProperty({ example: 'open', description: 'open, or settled after the year-end settlement.' })
  status!: string;

  @YuanField('Q: the final quota.')
  quotaYuan!: string;

  @YuanField('Σ approved settlements.')
  approvedYuan!: string;

  @YuanField('A: approved − in-year clawbacks.')
  actualYuan!: string;

  @ApiProperty({ example: '8.33', description: 'A ÷ Q, percent (a decimal string).' })
  executionPercent!: string;

  @ApiProperty({ example: '8.33', description: 'Share of the year elapsed, percent.' })
  timeSharePercent!: string;

  @YuanField('Run-rate projection of A − Q at year end, when positive.')
  projectedOverrunYuan!: string;

  @YuanField()
  projectedSurplusYuan!: string;

  @YuanField()
  overrunYuan!: string;

  @YuanField()
  netPaidYuan!: string;

  @YuanField()
  openReceivablesYuan!: string;

  @ApiProperty({ enum: ['none', 'normal', 'amber', 'red'] })
  warning!: string;
}

export class HospitalBudgetSummaryView extends PageView {
  @ApiProperty({ example: '2026-01-05', description: 'The business date the execution figures are computed at.' })
  businessDate!: string;

  @ApiProperty({ type: String, nullable: true, enum: ['execution', 'overrun', 'warning'] })
  sortBy!: string | null;

  @ApiProperty({ enum: ['asc', 'desc'] })
  order!: string;

  @ApiProperty({ type: [HospitalBudgetSummaryItemView] })
  items!: HospitalBudgetSummaryItemView[];
}

export class HospitalYearProjectionView extends ReadPointView {
  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @ApiProperty({ example: 'H-001' })
  payeeId!: string;

  @IntegerField(undefined, 2025)
  year!: number;

  @ApiProperty({ example: 'open' })
  status!: string;

  @ObjectField('initialYuan, method, setOn, adjustments[] (reason, direction, deltaYuan, effectiveDate, fromYear, note), adjustmentsYuan, carriedInYuan, carriedInFromYears[], finalYuan.')
  quota!: Record<string, unknown>;

  @ObjectField('months[], grossYuan, netYuan, withheldDepositYuan.')
  prepayments!: Record<string, unknown>;

  @ObjectField('months[], claimedYuan, refusedYuan, refusedByRule[] (ruleId, refusedYuan), approvedYuan, coFundedYuan, payableYuan, netPaymentsYuan, receivableOffsetsYuan, deferredPayableYuan.')
  settlements!: Record<string, unknown>;

  @ObjectField('inYearYuan, postCloseYuan, priorYearsAssessedHereYuan.')
  clawbacks!: Record<string, unknown>;

  @ObjectField('liquidatedDamagesYuan, finesToTreasuryYuan.')
  penalties!: Record<string, unknown>;

  @ObjectField('openYuan, byKind (clawback, liquidated_damages, year_end_settlement), recoveredYuan.')
  receivables!: Record<string, unknown>;

  @YuanField()
  netPaidYuan!: string;

  @ApiProperty({ type: String, nullable: true, example: '93.5' })
  scorePoints!: string | null;

  @ObjectField('Null until settled: the year-end breakdown (quota, actual, overrun and surplus splits, entitlement, deposit returned and forfeited, final, payment or receivable, the fund net cost).', true)
  yearEnd!: Record<string, unknown> | null;

  @ObjectField('Execution at the business date: quotaYuan, actualYuan, remainingQuotaYuan, executionPercent, monthsSettled, timeSharePercent, gapPercentagePoints, projected figures, warning, calendar.')
  execution!: Record<string, unknown>;
}

export class FundCarryView {
  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @ApiProperty({ type: 'array', items: { type: 'integer' }, example: [2025] })
  settledYears!: number[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Each credit: the year it was earned, its amount, status (pending, applied, partially_applied, expired) and applications.' })
  credits!: Array<Record<string, unknown>>;

  @ObjectField('earnedYuan, appliedYuan, expiredYuan, pendingYuan.')
  totals!: Record<string, unknown>;
}

export class CarryForwardView extends ReadPointView {
  @ApiProperty({ example: 'H-001' })
  payeeId!: string;

  @ApiProperty({ type: [FundCarryView] })
  funds!: FundCarryView[];
}

export class SharingTotalView {
  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @IntegerField(undefined, 2025)
  year!: number;

  @IntegerField()
  hospitalsSettled!: number;

  @IntegerField()
  hospitalsOverrun!: number;

  @YuanField()
  overrunYuan!: string;

  @YuanField()
  fundShareYuan!: string;

  @YuanField()
  hospitalShareYuan!: string;
}

export class OverBudgetSharingView extends PageView {
  @ApiProperty({ type: [SharingTotalView], description: 'Per fund-year.' })
  totals!: SharingTotalView[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Per hospital-year: the overrun and its tier splits (fund and hospital shares).' })
  items!: Array<Record<string, unknown>>;
}
