import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { IsDecimalString, IsOmittable, IsYuan } from '@ledger/platform';
import { HospitalServiceYearRequest, MAX_REF_LENGTH, REF_ID_PATTERN } from '../hospital-budget.request-base.dto';

export class ImposeFineRequest extends HospitalServiceYearRequest {
  @ApiProperty({ example: '100000.00', description: 'The defrauded amount the multiple applies to, yuan (WE-8).' })
  @IsYuan()
  baseYuan!: string;

  @ApiProperty({ example: '2', description: '1..10; fine = base × multiplier, half-up to the fen (R-ENF-1: 2–5×).' })
  @IsDecimalString('1', '10')
  multiplier!: string;

  @ApiProperty({ example: 'R-ENF-1' })
  @Matches(REF_ID_PATTERN)
  ruleId!: string;

  @ApiProperty({ example: 'JC-2025-0012', maxLength: MAX_REF_LENGTH })
  @IsString()
  @Length(1, MAX_REF_LENGTH)
  caseRef!: string;

  @ApiProperty({
    example: '泉医保罚字〔2025〕6号',
    maxLength: MAX_REF_LENGTH,
    description: 'The administrative penalty decision (行政处罚决定书).',
  })
  @IsString()
  @Length(1, MAX_REF_LENGTH)
  decisionRef!: string;

  @ApiPropertyOptional({
    example: 'FINE-2025-0001',
    description: 'Default: an id derived from commandId (stable across retries).',
  })
  @IsOmittable()
  @Matches(REF_ID_PATTERN)
  fineId?: string;
}
