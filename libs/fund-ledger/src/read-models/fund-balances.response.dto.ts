import { ApiProperty } from '@nestjs/swagger';
import { IntegerField, ObjectField, ReadPointView, YuanField } from '../application/read-views';

/** Response shapes of the fund balances and the 统计月报 (fund-balances.controller.ts), for /docs. */
export class FundTotalsRowView {
  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @ApiProperty({ example: 'employee_pooled' })
  kind!: string;

  @ApiProperty({ type: String, nullable: true, example: '职工基本医疗保险统筹基金' })
  name!: string | null;

  @ApiProperty({ enum: ['pooled', 'personal', 'other', 'treasury'] })
  group!: string;

  @IntegerField(undefined, 2025)
  year!: number;

  @ObjectField('incomeYuan, incomeBySource, expenditureYuan, expenditureByCategory, currentSurplusYuan, expenditureToIncomePercent, spendingWarning, openingBalanceYuan, closingBalanceYuan, openReceivablesYuan, finesToTreasuryYuan, monthsCovered, warning.')
  totals!: Record<string, unknown>;
}

export class AllFundBalancesView extends ReadPointView {
  @ApiProperty({ example: '2026-01-05' })
  businessDate!: string;

  @IntegerField(undefined, 2025)
  year!: number;

  @ApiProperty({ type: [FundTotalsRowView], description: 'Pooled funds (统筹基金).' })
  pooled!: FundTotalsRowView[];

  @ApiProperty({ type: [FundTotalsRowView], description: 'Personal accounts (个人账户), apart.' })
  personal!: FundTotalsRowView[];

  @ApiProperty({ type: [FundTotalsRowView] })
  other!: FundTotalsRowView[];

  @ApiProperty({ type: [FundTotalsRowView], description: 'Fines collected for the treasury.' })
  treasury!: FundTotalsRowView[];
}

export class FundMonthView {
  @ApiProperty({ example: '2025-01' })
  month!: string;

  @YuanField()
  incomeYuan!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Yuan by income source.' })
  incomeBySource!: Record<string, string>;

  @YuanField()
  expenditureYuan!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Yuan by expenditure category.' })
  expenditureByCategory!: Record<string, string>;

  @YuanField()
  currentSurplusYuan!: string;

  @YuanField()
  cumulativeBalanceYuan!: string;
}

export class FundYearMonthView extends FundMonthView {
  @YuanField()
  openReceivablesYuan!: string;

  @YuanField()
  finesToTreasuryYuan!: string;

  @ApiProperty({ type: String, nullable: true, example: '9.50', description: 'Months of expenditure the balance covers.' })
  monthsCovered!: string | null;

  @ApiProperty({ type: String, nullable: true, enum: ['red', 'amber', 'normal', 'excessive'] })
  warning!: string | null;
}

export class FundYearBalancesView extends ReadPointView {
  @ApiProperty({ example: '2026-01-05' })
  businessDate!: string;

  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @ApiProperty({ example: 'employee_pooled' })
  kind!: string;

  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ enum: ['pooled', 'personal', 'other', 'treasury'] })
  group!: string;

  @IntegerField(undefined, 2025)
  year!: number;

  @ApiProperty({ type: [FundYearMonthView] })
  months!: FundYearMonthView[];

  @ObjectField("The year's totals: the month figures summed, opening and closing balances, expenditureToIncomePercent, spendingWarning.")
  totals!: Record<string, unknown>;
}

export class MonthlyReportTotalsView {
  @YuanField()
  incomeYuan!: string;

  @YuanField()
  expenditureYuan!: string;

  @YuanField()
  currentSurplusYuan!: string;

  @YuanField()
  openingBalanceYuan!: string;

  @YuanField()
  closingBalanceYuan!: string;
}

/** JSON of the 统计月报; with format=csv the answer is text/csv, one row per month and a total row. */
export class MonthlyReportView extends ReadPointView {
  @ApiProperty({ example: '2026-01-05' })
  businessDate!: string;

  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @ApiProperty({ example: 'employee_pooled' })
  kind!: string;

  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @IntegerField(undefined, 2025)
  year!: number;

  @ApiProperty({ type: [FundMonthView] })
  months!: FundMonthView[];

  @ApiProperty({ type: MonthlyReportTotalsView })
  totals!: MonthlyReportTotalsView;
}
