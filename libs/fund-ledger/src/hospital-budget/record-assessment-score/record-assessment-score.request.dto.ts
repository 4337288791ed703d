import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsDecimalString, IsOmittable } from '@ledger/platform';
import { HospitalYearRequest, MAX_REF_LENGTH, POINTS_PATTERN } from '../hospital-budget.request-base.dto';
import { MAX_SCORE_COMPONENTS } from './record-assessment-score.decider';

const POINTS_MESSAGE = '$property must be a decimal string with at most 2 decimal places';

/** One weighted part of a composite score (WE-15: bureau 0.9, survey 0.1). */
export class ScoreComponentRequest {
  @ApiProperty({ example: '医保局考核', maxLength: MAX_REF_LENGTH })
  @IsString()
  @Length(1, MAX_REF_LENGTH)
  name!: string;

  @ApiProperty({ example: '0.9', description: '0..1; the weights add up to exactly 1.' })
  @IsDecimalString('0', '1')
  weight!: string;

  @ApiProperty({ example: '95', description: '0..100, at most 2 places.' })
  @IsDecimalString('0', '100')
  @Matches(POINTS_PATTERN, { message: POINTS_MESSAGE })
  scorePoints!: string;
}

/** Either scorePoints or components (the decider refuses both or neither, 400 naming scorePoints). */
export class RecordAssessmentScoreRequest extends HospitalYearRequest {
  @ApiPropertyOptional({ example: '92', description: '0..100, at most 2 places.' })
  @IsOmittable()
  @IsDecimalString('0', '100')
  @Matches(POINTS_PATTERN, { message: POINTS_MESSAGE })
  scorePoints?: string;

  @ApiPropertyOptional({
    type: [ScoreComponentRequest],
    maxItems: MAX_SCORE_COMPONENTS,
    example: [
      { name: '医保局考核', weight: '0.9', scorePoints: '95' },
      { name: '群众满意度调查', weight: '0.1', scorePoints: '80' },
    ],
  })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SCORE_COMPONENTS)
  @ValidateNested({ each: true })
  @Type(() => ScoreComponentRequest)
  components?: ScoreComponentRequest[];
}
