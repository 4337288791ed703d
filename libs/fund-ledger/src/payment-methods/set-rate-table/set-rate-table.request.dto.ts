import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CommandRequestDto, IsDecimalString, IsOmittable, IsYuan } from '@ledger/platform';
import { IsCalendarDate, IsFundYear } from '../../application/request-rules';
import { ID_PATTERN } from '../../registry/field-rules';
import { MAX_DISEASES, MAX_DRG_GROUPS, MAX_WEIGHT, RATE_CODE_PATTERN } from '../rate-table.inputs';

export class DrgGroupRequest {
  @ApiProperty({ example: 'FR23', pattern: RATE_CODE_PATTERN.source })
  @Matches(RATE_CODE_PATTERN)
  code!: string;

  @ApiProperty({ example: '1.2345', description: `Relative weight, > 0 and ≤ ${MAX_WEIGHT}, at most 4 places.` })
  @IsDecimalString('0', MAX_WEIGHT)
  weight!: string;
}

export class DrgRatesRequest {
  @ApiProperty({ example: '10000.00', description: 'Base rate, yuan per unit of weight (费率).' })
  @IsYuan()
  baseRateYuan!: string;

  @ApiProperty({ type: [DrgGroupRequest], minItems: 1, maxItems: MAX_DRG_GROUPS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_DRG_GROUPS)
  @ValidateNested({ each: true })
  @Type(() => DrgGroupRequest)
  groups!: DrgGroupRequest[];
}

export class DiseaseRateRequest {
  @ApiProperty({ example: 'K35.8', pattern: RATE_CODE_PATTERN.source, description: 'Disease code (病种编码).' })
  @Matches(RATE_CODE_PATTERN)
  code!: string;

  @ApiProperty({ example: '6000.00', description: 'Yuan per case (病种付费标准).' })
  @IsYuan()
  standardYuan!: string;
}

export class PatientShareRequest {
  @ApiProperty({ example: '20.00', description: 'In-service employee, yuan per bed-day (R-BUD-13).' })
  @IsYuan('non_negative')
  inServiceYuan!: string;

  @ApiProperty({ example: '12.00', description: 'Retiree, yuan per bed-day.' })
  @IsYuan('non_negative')
  retiredYuan!: string;
}

export class PerDiemRatesRequest {
  @ApiProperty({ example: '110.00', description: 'Yuan per bed-day, all-inclusive (R-BUD-12).' })
  @IsYuan()
  rateYuan!: string;

  @ApiProperty({ type: PatientShareRequest })
  @ValidateNested()
  @Type(() => PatientShareRequest)
  patientSharePerDay!: PatientShareRequest;
}

export class PerCaseCapRatesRequest {
  @ApiProperty({ example: '5000.00', description: 'Average inpatient per-case standard (R-PAY-5), yuan per case.' })
  @IsYuan()
  standardYuan!: string;
}

/** A whole version of a fund-year's rate table; sections left out are not priced by this version. */
export class SetRateTableRequest extends CommandRequestDto {
  @ApiProperty({ example: 'EMP-POOLED', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ example: 2026 })
  @IsFundYear()
  year!: number;

  @ApiProperty({ example: '2026-01-01', description: 'In force for the months whose last day is on or after it.' })
  @IsCalendarDate()
  effectiveFrom!: string;

  @ApiPropertyOptional({ type: DrgRatesRequest })
  @IsOmittable()
  @ValidateNested()
  @Type(() => DrgRatesRequest)
  drg?: DrgRatesRequest;

  @ApiPropertyOptional({ type: [DiseaseRateRequest], maxItems: MAX_DISEASES })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_DISEASES)
  @ValidateNested({ each: true })
  @Type(() => DiseaseRateRequest)
  singleDisease?: DiseaseRateRequest[];

  @ApiPropertyOptional({ type: PerDiemRatesRequest })
  @IsOmittable()
  @ValidateNested()
  @Type(() => PerDiemRatesRequest)
  perDiem?: PerDiemRatesRequest;

  @ApiPropertyOptional({ type: PerCaseCapRatesRequest })
  @IsOmittable()
  @ValidateNested()
  @Type(() => PerCaseCapRatesRequest)
  perCaseCap?: PerCaseCapRatesRequest;

  @ApiPropertyOptional({ example: '2026年DRG分组及费率' })
  @IsOmittable()
  @IsString()
  @Length(1, 500)
  note?: string;
}
