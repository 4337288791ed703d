import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, Matches } from 'class-validator';
import { IsOmittable, IsYuan } from '@ledger/platform';
import type { QuotaMethod } from '../hospital-budget.events';
import { HospitalYearRequest, REF_ID_PATTERN } from '../hospital-budget.request-base.dto';

const QUOTA_METHODS: readonly QuotaMethod[] = ['manual', 'allocation_run'];

export class SetQuotaRequest extends HospitalYearRequest {
  @ApiProperty({ example: '36000000.00', description: 'The annual global budget (总额预算), yuan.' })
  @IsYuan()
  quotaYuan!: string;

  @ApiProperty({ enum: QUOTA_METHODS, example: 'manual' })
  @IsIn(QUOTA_METHODS)
  method!: QuotaMethod;

  @ApiPropertyOptional({
    example: 'ALLOC-2025-01',
    description: "Required for 'allocation_run', refused for 'manual'.",
  })
  @IsOmittable()
  @Matches(REF_ID_PATTERN)
  runId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { method: 'three_year_share', poolYuan: '120000000.00', shareRatio: '0.03925' },
    description:
      "The allocation inputs (3-year history, factors…), so an auditor can recompute. Required for 'allocation_run'.",
  })
  @IsOmittable()
  @IsObject()
  basis?: Record<string, unknown>;
}
