import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CommandRequestDto, IsOmittable, IsYuan } from '@ledger/platform';
import { ID_PATTERN } from '../../registry/field-rules';
import { OPENING_LINE_KINDS, type OpeningLineKind } from '../fund-book.events';
import { MAX_EVIDENCE_LENGTH, MAX_OPENING_LINES } from './record-opening-balance.decider';

export class OpeningLineRequest {
  @ApiProperty({
    enum: OPENING_LINE_KINDS,
    description:
      'bank_deposit (Dr cash), hospital_receivable, unit_receivable, accumulated_deficit (Dr); accumulated_surplus (累计结余), payable, earmarked_fund (Cr).',
  })
  @IsIn(OPENING_LINE_KINDS)
  kind!: OpeningLineKind;

  @ApiPropertyOptional({
    example: 'ICBC-001',
    pattern: ID_PATTERN.source,
    description: 'bankAccountId, payeeId (registered), unitId or earmarkId; absent for the accumulated surplus or deficit.',
  })
  @IsOmittable()
  @Matches(ID_PATTERN)
  ref?: string;

  @ApiProperty({ example: '800000000.00', description: 'Yuan, positive, at most 2 places.' })
  @IsYuan()
  amountYuan!: string;
}

/** The balances of the closing statement a fund is opened from; effectiveDate is their as-of date (required). */
export class RecordOpeningBalanceRequest extends CommandRequestDto {
  @ApiProperty({ example: 'QZ-RES-POOL', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ example: '2025年上半年基金结账报表', maxLength: MAX_EVIDENCE_LENGTH, description: 'The closing statement the balances come from.' })
  @IsString()
  @Length(1, MAX_EVIDENCE_LENGTH)
  evidenceRef!: string;

  @ApiProperty({ type: [OpeningLineRequest], maxItems: MAX_OPENING_LINES, description: 'Debits must equal credits.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_OPENING_LINES)
  @ValidateNested({ each: true })
  @Type(() => OpeningLineRequest)
  lines!: OpeningLineRequest[];
}
