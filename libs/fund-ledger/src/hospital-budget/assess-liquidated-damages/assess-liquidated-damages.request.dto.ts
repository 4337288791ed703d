import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { IsDecimalString, IsOmittable, IsYuan } from '@ledger/platform';
import {
  HospitalServiceYearRequest,
  MAX_NOTE_LENGTH,
  MAX_REF_LENGTH,
  REF_ID_PATTERN,
} from '../hospital-budget.request-base.dto';
import { MAX_DAMAGES_MULTIPLIER } from './assess-liquidated-damages.decider';

export class AssessLiquidatedDamagesRequest extends HospitalServiceYearRequest {
  @ApiProperty({ example: '8000.00', description: 'The amount the multiple applies to, yuan.' })
  @IsYuan()
  baseYuan!: string;

  @ApiProperty({
    example: '3',
    description: `0..${MAX_DAMAGES_MULTIPLIER}; amount = base × multiplier, half-up to the fen.`,
  })
  @IsDecimalString('0', MAX_DAMAGES_MULTIPLIER)
  multiplier!: string;

  @ApiProperty({ example: 'R-ENF-7' })
  @Matches(REF_ID_PATTERN)
  ruleId!: string;

  @ApiProperty({ example: 'ZY-2025-000789', maxLength: MAX_REF_LENGTH })
  @IsString()
  @Length(1, MAX_REF_LENGTH)
  caseRef!: string;

  @ApiProperty({ example: '挂床住院，依协议收取违约金', maxLength: MAX_NOTE_LENGTH })
  @IsString()
  @Length(1, MAX_NOTE_LENGTH)
  reason!: string;

  @ApiPropertyOptional({
    example: 'LD-2025-0001',
    description: 'Default: an id derived from commandId (stable across retries).',
  })
  @IsOmittable()
  @Matches(REF_ID_PATTERN)
  receivableId?: string;
}
