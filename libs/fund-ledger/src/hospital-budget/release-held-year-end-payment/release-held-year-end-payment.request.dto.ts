import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { IsOmittable } from '@ledger/platform';
import { HospitalYearRequest, MAX_NOTE_LENGTH, REF_ID_PATTERN } from '../hospital-budget.request-base.dto';

/** Releases the held year-end payment of a settled hospital-year (agreement terminated for cause). */
export class ReleaseHeldYearEndPaymentRequest extends HospitalYearRequest {
  @ApiProperty({ example: '泉医保决〔2027〕3号', description: 'The decision that releases the held payment.' })
  @Matches(REF_ID_PATTERN)
  decisionRef!: string;

  @ApiPropertyOptional({ example: '司法判决后解除暂扣', maxLength: MAX_NOTE_LENGTH })
  @IsOmittable()
  @IsString()
  @Length(1, MAX_NOTE_LENGTH)
  note?: string;
}
