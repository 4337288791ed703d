import { ApiProperty } from '@nestjs/swagger';
import { IntegerField, ObjectField } from '../application/read-views';

/** The close report of a fund-year (FundYearClosed), for /docs. */
export class HospitalCloseResultView {
  @ApiProperty({ example: 'H-001' })
  payeeId!: string;

  @ApiProperty({ enum: ['overrun', 'surplus', 'balanced'] })
  outcome!: string;

  @ApiProperty({ example: '37800000.00' })
  quotaYuan!: string;

  @ApiProperty({ example: '3107200.00' })
  actualYuan!: string;

  @ApiProperty({ example: '1250000.00', description: 'The year-end final: ≥ 0 paid, < 0 a receivable.' })
  finalYuan!: string;

  @ApiProperty({ example: '0.00' })
  carryForwardCreditYuan!: string;
}

export class FundCloseReportView {
  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @IntegerField(undefined, 2025)
  year!: number;

  @ApiProperty({ example: '2026-01-05' })
  effectiveDate!: string;

  @ApiProperty({ example: 'closed' })
  status!: string;

  @ApiProperty({ enum: ['allocation_run', 'explicit'], description: "Where the hospital list came from: the run in force, or the request's payeeIds." })
  payeeSource!: string;

  @ApiProperty({ type: String, nullable: true })
  runId!: string | null;

  @IntegerField(undefined, 1)
  hospitals!: number;

  @ObjectField('quotaYuan, actualYuan, overrun {count, overrunYuan, fundShareYuan, hospitalShareYuan}, surplus {...}, balanced, deposits, entitlementYuan, fundNetCostYuan, yearEnd {paymentsYuan, receivablesYuan, heldPaymentsYuan, netPaymentYuan}.')
  totals!: Record<string, unknown>;

  @ApiProperty({ example: 'fund-close-EMP-POOLED-2025' })
  stream!: string;

  @ApiProperty({ type: [HospitalCloseResultView] })
  hospitalResults!: HospitalCloseResultView[];
}
