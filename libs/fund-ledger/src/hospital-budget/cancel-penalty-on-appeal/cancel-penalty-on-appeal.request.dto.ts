import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { PENALTY_KINDS, type PenaltyKind } from '../hospital-budget.events';
import { HospitalYearRequest, MAX_NOTE_LENGTH, MAX_REF_LENGTH, REF_ID_PATTERN } from '../hospital-budget.request-base.dto';

export class CancelPenaltyOnAppealRequest extends HospitalYearRequest {
  @ApiProperty({ enum: PENALTY_KINDS, description: 'liquidated_damages (违约金, fund income) or fine (罚款, treasury).' })
  @IsIn(PENALTY_KINDS)
  penaltyKind!: PenaltyKind;

  @ApiProperty({ example: 'FINE-2025-0001', description: "The damages' receivableId or the fineId, on this hospital-year (the year it was posted to)." })
  @Matches(REF_ID_PATTERN)
  penaltyId!: string;

  @ApiProperty({ example: '泉政复决字〔2025〕11号', maxLength: MAX_REF_LENGTH, description: 'The appeal decision that sets the penalty aside.' })
  @IsString()
  @Length(1, MAX_REF_LENGTH)
  decisionRef!: string;

  @ApiProperty({ example: '行政复议决定撤销原处罚决定', maxLength: MAX_NOTE_LENGTH })
  @IsString()
  @Length(1, MAX_NOTE_LENGTH)
  reason!: string;
}
