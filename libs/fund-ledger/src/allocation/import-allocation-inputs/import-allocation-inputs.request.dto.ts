import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CommandRequestDto } from '@ledger/platform';
import { IsFundYear } from '../../application/request-rules';
import { ID_PATTERN } from '../../registry/field-rules';
import { REF_ID_PATTERN } from '../../hospital-budget/hospital-budget.request-base.dto';
import { HospitalRecordRequest } from '../allocation.request.dto';
import { MAX_IMPORT_CHUNK_RECORDS, MAX_IMPORT_CHUNKS } from '../allocation-history.events';

/** One chunk of an import of allocation inputs (≤ 1,000 hospital records: well under the 1 MiB body limit). */
export class ImportAllocationInputsRequest extends CommandRequestDto {
  @ApiProperty({ example: 'WD-NCMS', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ example: 2025, description: 'The budget year the inputs are for.' })
  @IsFundYear()
  year!: number;

  @ApiProperty({ example: 'IMP-2025-01', description: 'Names the import; a run with inputSource "import" names it.' })
  @Matches(REF_ID_PATTERN)
  importId!: string;

  @ApiProperty({ example: 1, minimum: 1, maximum: MAX_IMPORT_CHUNKS })
  @IsInt()
  @Min(1)
  @Max(MAX_IMPORT_CHUNKS)
  chunk!: number;

  @ApiProperty({
    example: 5,
    minimum: 1,
    maximum: MAX_IMPORT_CHUNKS,
    description: 'The same in every chunk of the import.',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_IMPORT_CHUNKS)
  chunks!: number;

  @ApiProperty({ type: [HospitalRecordRequest], maxItems: MAX_IMPORT_CHUNK_RECORDS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_IMPORT_CHUNK_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => HospitalRecordRequest)
  records!: HospitalRecordRequest[];
}
