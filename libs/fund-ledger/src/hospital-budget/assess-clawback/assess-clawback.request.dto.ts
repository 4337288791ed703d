import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { IsOmittable, IsYuan } from '@ledger/platform';
import {
  HospitalServiceYearRequest,
  MAX_NOTE_LENGTH,
  MAX_REF_LENGTH,
  REF_ID_PATTERN,
} from '../hospital-budget.request-base.dto';

export class AssessClawbackRequest extends HospitalServiceYearRequest {
  @ApiProperty({ example: '7200.00', description: 'Taken back, yuan; the hospital owes it (a receivable).' })
  @IsYuan()
  amountYuan!: string;

  @ApiProperty({ example: 'ZY-2025-000456', maxLength: MAX_REF_LENGTH })
  @IsString()
  @Length(1, MAX_REF_LENGTH)
  caseRef!: string;

  @ApiProperty({ example: '出院28日内同病种再次住院，上次住院费用拒付', maxLength: MAX_NOTE_LENGTH })
  @IsString()
  @Length(1, MAX_NOTE_LENGTH)
  reason!: string;

  @ApiPropertyOptional({ example: 'R-ENF-11' })
  @IsOmittable()
  @Matches(REF_ID_PATTERN)
  ruleId?: string;

  @ApiPropertyOptional({
    example: 'CB-2025-0001',
    description: 'Default: an id derived from commandId (stable across retries).',
  })
  @IsOmittable()
  @Matches(REF_ID_PATTERN)
  receivableId?: string;
}
