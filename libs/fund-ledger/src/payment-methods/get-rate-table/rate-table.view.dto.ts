import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { DiseaseRate, DrgRates, PerCaseCapRates, PerDiemRates } from '../rate-table.events';
import { MAX_RATE_TABLE_VERSIONS } from '../rate-table.inputs';

export class RateTableQueryParams {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_RATE_TABLE_VERSIONS, description: 'Default: the latest version.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_RATE_TABLE_VERSIONS)
  version?: number;
}

export class RateTableVersionView {
  @ApiProperty({ example: 1 })
  version!: number;

  @ApiProperty({ example: '2026-01-01' })
  effectiveFrom!: string;

  @ApiProperty({ example: null, nullable: true, type: String })
  note!: string | null;
}

export class RateTableView {
  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @ApiProperty({ example: 2026 })
  year!: number;

  @ApiProperty({ example: 'rates-EMP-POOLED.2026' })
  stream!: string;

  @ApiProperty({ example: 1 })
  version!: number;

  @ApiProperty({ example: '2026-01-01' })
  effectiveFrom!: string;

  @ApiProperty({ type: [RateTableVersionView], description: 'Every version, oldest first.' })
  versions!: RateTableVersionView[];

  @ApiProperty({ type: Object, nullable: true, description: '{ baseRateYuan, groups: [{ code, weight }] } or null.' })
  drg!: DrgRates | null;

  @ApiProperty({ type: Object, isArray: true, nullable: true, description: '[{ code, standardYuan }] or null.' })
  singleDisease!: readonly DiseaseRate[] | null;

  @ApiProperty({ type: Object, nullable: true, description: '{ rateYuan, patientSharePerDay: { inServiceYuan, retiredYuan } } or null.' })
  perDiem!: PerDiemRates | null;

  @ApiProperty({ type: Object, nullable: true, description: '{ standardYuan } or null.' })
  perCaseCap!: PerCaseCapRates | null;
}
