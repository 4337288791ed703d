import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { IsDecimalString, IsOmittable, IsYuan } from '@ledger/platform';
import { IsFundYear } from '../../application/request-rules';
import type { AdjustmentDirection, QuotaAdjustmentReason } from '../hospital-budget.events';
import { HospitalYearRequest, MAX_NOTE_LENGTH } from '../hospital-budget.request-base.dto';

const REASONS: readonly QuotaAdjustmentReason[] = [
  'normal_overrun_increase',
  'violation_downgrade',
  'carry_in',
  'allocation_supersede',
  'correction',
];
const DIRECTIONS: readonly AdjustmentDirection[] = ['increase', 'decrease'];

/** Which of amountYuan / downgradePercent / fromYear a reason takes is the decider's rule (400 naming the field). */
export class AdjustQuotaRequest extends HospitalYearRequest {
  @ApiProperty({ enum: REASONS, example: 'normal_overrun_increase' })
  @IsIn(REASONS)
  reason!: QuotaAdjustmentReason;

  @ApiProperty({ enum: DIRECTIONS, example: 'increase' })
  @IsIn(DIRECTIONS)
  direction!: AdjustmentDirection;

  @ApiPropertyOptional({
    example: '1800000.00',
    description: 'The change, yuan (every reason except violation_downgrade).',
  })
  @IsOmittable()
  @IsYuan()
  amountYuan?: string;

  @ApiPropertyOptional({
    example: '5',
    description: 'violation_downgrade only: 5..10 percent of the current quota (R-BUD-11).',
  })
  @IsOmittable()
  @IsDecimalString('5', '10')
  downgradePercent?: string;

  @ApiPropertyOptional({ example: 2024, description: 'carry_in only: the earlier year the credit comes from.' })
  @IsOmittable()
  @IsFundYear()
  fromYear?: number;

  @ApiProperty({ example: '新技术开展，正常超定额，申请增加额度', maxLength: MAX_NOTE_LENGTH })
  @IsString()
  @Length(1, MAX_NOTE_LENGTH)
  note!: string;
}
