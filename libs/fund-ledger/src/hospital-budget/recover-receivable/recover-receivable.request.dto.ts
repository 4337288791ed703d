import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { IsOmittable, IsYuan } from '@ledger/platform';
import { HospitalYearRequest, REF_ID_PATTERN } from '../hospital-budget.request-base.dto';

const METHODS = ['repayment'] as const;

/**
 * Posted to the budget year that holds the receivable: after a year end, its open receivables are
 * carried into the next year's stream, and recovered there.
 */
export class RecoverReceivableRequest extends HospitalYearRequest {
  @ApiProperty({ example: '7200.00', description: 'Repaid, yuan.' })
  @IsYuan()
  amountYuan!: string;

  @ApiPropertyOptional({
    example: 'CB-2025-0001',
    description: 'Default: allocated to the open receivables oldest first.',
  })
  @IsOmittable()
  @Matches(REF_ID_PATTERN)
  receivableId?: string;

  @ApiPropertyOptional({
    enum: METHODS,
    default: 'repayment',
    description: 'Recovery by offset happens inside monthly settlements.',
  })
  @IsOmittable()
  @IsIn(METHODS)
  method?: (typeof METHODS)[number];
}
