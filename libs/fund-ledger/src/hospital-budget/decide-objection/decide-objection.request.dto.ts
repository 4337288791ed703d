import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { IsOmittable, IsYuan } from '@ledger/platform';
import type { ObjectionDecision } from '../hospital-budget.events';
import { HospitalYearRequest, MAX_NOTE_LENGTH, MAX_REF_LENGTH } from '../hospital-budget.request-base.dto';
import { MAX_REFUSALS } from '../post-monthly-settlement/post-monthly-settlement.decider';
import { DECISIONS } from './decide-objection.decider';

/** A contested refusal line the agency overturns, in full or in part. */
export class OverturnRequest {
  @ApiProperty({ example: 0, minimum: 0, description: "The contested line's index in the settlement's refusals." })
  @IsInt()
  @Min(0)
  @Max(MAX_REFUSALS - 1)
  line!: number;

  @ApiPropertyOptional({ example: '8000.00', description: "The part overturned, yuan; default: the line's whole refused amount." })
  @IsOmittable()
  @IsYuan()
  amountYuan?: string;
}

export class DecideObjectionRequest extends HospitalYearRequest {
  @ApiProperty({ example: 1, minimum: 1, maximum: 12, description: 'The month whose objection is decided.' })
  @IsInt()
  @Min(1)
  @Max(12)
  month!: number;

  @ApiProperty({ enum: DECISIONS, description: 'upheld: the overturned part is paid by a supplementary settlement; rejected: nothing is paid.' })
  @IsIn(DECISIONS)
  decision!: ObjectionDecision;

  @ApiPropertyOptional({ type: [OverturnRequest], maxItems: MAX_REFUSALS, description: 'Upheld: the lines overturned (at least one); rejected: leave out.' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_REFUSALS)
  @ValidateNested({ each: true })
  @Type(() => OverturnRequest)
  overturned?: OverturnRequest[];

  @ApiProperty({ example: '泉医保复字〔2025〕2号', maxLength: MAX_REF_LENGTH, description: "The agency's written decision." })
  @IsString()
  @Length(1, MAX_REF_LENGTH)
  decisionRef!: string;

  @ApiProperty({ example: '复核确认病历齐全，撤销基数拒付，放大部分维持', maxLength: MAX_NOTE_LENGTH })
  @IsString()
  @Length(1, MAX_NOTE_LENGTH)
  reason!: string;
}
