import { ApiProperty } from '@nestjs/swagger';
import { IntegerField, ObjectField } from '../application/read-views';

/** Response shapes of the allocation reads and the preview, for /docs. */
export class AllocationRunLineView {
  @ApiProperty({ example: 'H-001' })
  payeeId!: string;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'year, spendingYuan, cases.' })
  history!: Array<Record<string, unknown>>;

  @ApiProperty({ type: String, nullable: true, example: '37800000.00' })
  lastYearQuotaYuan!: string | null;

  @ApiProperty({ type: String, example: '0.00' })
  carriedInYuan!: string;

  @ApiProperty({ type: String, example: '40000000.000000', description: 'The exact share before rounding to the fen.' })
  exactYuan!: string;

  @ApiProperty({ type: String, example: '40000000.00', description: 'The quota this run sets.' })
  quotaYuan!: string;

  @ApiProperty({ type: String, example: '40000000.00', description: 'quotaYuan + carriedInYuan.' })
  effectiveQuotaYuan!: string;

  @ApiProperty({ type: String, nullable: true, enum: ['cap', 'floor'], description: 'Which bound on last year\'s quota applied, if any.' })
  bound!: string | null;
}

export class AllocationRunView {
  @ApiProperty({ example: 'allocation-run-EMP-POOLED-2026-v1' })
  runId!: string;

  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @IntegerField(undefined, 2026)
  year!: number;

  @ApiProperty({ example: '2025-12-20' })
  effectiveDate!: string;

  @ApiProperty({ enum: ['share_of_history', 'per_capita_history', 'class_per_case'] })
  method!: string;

  @ApiProperty({ example: 'v1' })
  methodVersion!: string;

  @ObjectField('The parameters used: method, poolYuan, lookbackYears, caps and floors, baseQuotaYuan, factors.')
  params!: Record<string, unknown>;

  @ApiProperty({ enum: ['inline', 'import'] })
  inputSource!: string;

  @ApiProperty({ enum: ['records', 'ledger'] })
  historyFrom!: string;

  @ObjectField('hospitals, poolYuan, computedYuan, capped, floored, allocatedYuan, unallocatedYuan, withinPool, carriedInYuan, effectiveYuan, ...')
  totals!: Record<string, unknown>;

  @ApiProperty({ example: '3f1c…', description: 'sha256 of the inputs: the same inputs make the same run.' })
  inputsDigest!: string;

  @ApiProperty({ type: [AllocationRunLineView], description: 'One line per hospital (more fields than shown: weights, downgrades, per-case rates).' })
  lines!: AllocationRunLineView[];
}

export class AllocationPreviewView extends AllocationRunView {
  @ObjectField('What a commit would meet: alreadyCommitted, sameInputs, refusal (code, message, field) when a commit would be refused.')
  commit!: Record<string, unknown>;
}

export class FundYearRunsResponse {
  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @IntegerField(undefined, 2026)
  year!: number;

  @ObjectField('The approved fund budget: totalForQuotasYuan, basis, computedTotalYuan, differenceYuan, differenceReason; null before approval.', true)
  fundBudget!: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true, example: 'allocation-run-EMP-POOLED-2026-v1' })
  inForceRunId!: string | null;

  @ApiProperty({ type: [AllocationRunView], description: 'Every committed run, in force and superseded (status, adoptedOn).' })
  runs!: AllocationRunView[];
}
