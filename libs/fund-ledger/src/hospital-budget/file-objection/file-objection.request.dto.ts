import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { HospitalYearRequest, MAX_NOTE_LENGTH } from '../hospital-budget.request-base.dto';
import { MAX_REFUSALS } from '../post-monthly-settlement/post-monthly-settlement.decider';
import { MAX_OBJECTED_LINES } from './file-objection.decider';

export class FileObjectionRequest extends HospitalYearRequest {
  @ApiProperty({ example: 1, minimum: 1, maximum: 12, description: 'The settled month whose audit opinion is contested.' })
  @IsInt()
  @Min(1)
  @Max(12)
  month!: number;

  @ApiProperty({
    type: [Number],
    example: [0],
    maxItems: MAX_OBJECTED_LINES,
    description: "The contested refusal lines: their indexes (from 0) in the settlement's refusals, each once.",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_OBJECTED_LINES)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(MAX_REFUSALS - 1, { each: true })
  lines!: number[];

  @ApiProperty({ example: '该病例有住院病历及床位记录，非冒名住院，申请复核', maxLength: MAX_NOTE_LENGTH })
  @IsString()
  @Length(1, MAX_NOTE_LENGTH)
  reason!: string;
}
