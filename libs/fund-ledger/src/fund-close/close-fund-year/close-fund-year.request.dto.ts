import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, Matches } from 'class-validator';
import { CommandRequestDto, IsOmittable } from '@ledger/platform';
import { IsFundYear } from '../../application/request-rules';
import { ID_PATTERN } from '../../registry/field-rules';
import { MAX_CLOSE_HOSPITALS } from '../fund-close.decider';

/** Closes a fund-year: settles every hospital-year on the list, then records FundYearClosed. effectiveDate ≥ 1 January of year + 1. */
export class CloseFundYearRequest extends CommandRequestDto {
  @ApiProperty({ example: 'WD-NCMS', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ example: 2025 })
  @IsFundYear()
  year!: number;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_CLOSE_HOSPITALS,
    example: ['SONGCUN', 'H-TOWN-2'],
    description: 'The hospital-years to settle (default: the hospitals of the allocation run in force).',
  })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CLOSE_HOSPITALS)
  @Matches(ID_PATTERN, { each: true })
  payeeIds?: string[];
}
