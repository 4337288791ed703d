import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDecimalString, IsOmittable, IsYuan } from '@ledger/platform';
import { ID_PATTERN } from '../../registry/field-rules';
import {
  HospitalYearRequest,
  MAX_NOTE_LENGTH,
  MAX_REF_LENGTH,
  REF_ID_PATTERN,
} from '../hospital-budget.request-base.dto';
import { MAX_REFUSAL_MULTIPLIER, MAX_REFUSALS } from './post-monthly-settlement.decider';

/** One refusal line (拒付 / 放大拒付, R-ENF-6…19): base, multiplier and rule, so either WE-9 reading replays. */
export class RefusalRequest {
  @ApiProperty({ example: 'R-ENF-7', description: 'The rule applied.' })
  @Matches(REF_ID_PATTERN)
  ruleId!: string;

  @ApiPropertyOptional({ example: 'ZY-2025-000123', maxLength: MAX_REF_LENGTH })
  @IsOmittable()
  @IsString()
  @Length(1, MAX_REF_LENGTH)
  caseRef?: string;

  @ApiProperty({ example: '8000.00', description: 'The amount the multiple applies to, yuan.' })
  @IsYuan()
  baseYuan!: string;

  @ApiProperty({ example: '2', description: `1..${MAX_REFUSAL_MULTIPLIER}; "1" with includesBase = a plain refusal.` })
  @IsDecimalString('1', MAX_REFUSAL_MULTIPLIER)
  multiplier!: string;

  @ApiProperty({
    example: false,
    description: 'true: refused = base × multiplier; false: base + base × multiplier (WE-9 "先…再…").',
  })
  @IsBoolean()
  includesBase!: boolean;

  @ApiPropertyOptional({ example: '冒名住院，先拒付再放大2倍', maxLength: MAX_NOTE_LENGTH })
  @IsOmittable()
  @IsString()
  @Length(1, MAX_NOTE_LENGTH)
  note?: string;
}

/** A second fund pays a share of the approved amount directly (WE-12: medical assistance 30%). */
export class CoFundingRequest {
  @ApiProperty({
    example: 'MED-AID',
    pattern: ID_PATTERN.source,
    description: 'A registered fund other than this budget fund.',
  })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ example: '0.30', description: "The co-fund's share, strictly between 0 and 1." })
  @IsDecimalString('0', '1')
  ratio!: string;
}

export class PostMonthlySettlementRequest extends HospitalYearRequest {
  @ApiProperty({
    example: 1,
    minimum: 1,
    maximum: 12,
    description: 'The month settled (from the first day of the next month).',
  })
  @IsInt()
  @Min(1)
  @Max(12)
  month!: number;

  @ApiProperty({ example: '3166666.67', description: "The month's claim as submitted, yuan (may be 0)." })
  @IsYuan('non_negative')
  claimedYuan!: string;

  @ApiProperty({ type: [RefusalRequest], maxItems: MAX_REFUSALS, description: 'May be empty.' })
  @IsArray()
  @ArrayMaxSize(MAX_REFUSALS)
  @ValidateNested({ each: true })
  @Type(() => RefusalRequest)
  refusals!: RefusalRequest[];

  @ApiPropertyOptional({ type: CoFundingRequest })
  @IsOmittable()
  @ValidateNested()
  @Type(() => CoFundingRequest)
  coFunding?: CoFundingRequest;
}
