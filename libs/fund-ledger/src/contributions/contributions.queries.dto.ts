import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsPathYear, MAX_FUND_YEAR, MIN_FUND_YEAR } from '../application/request-rules';
import { ID_PATTERN } from '../registry/field-rules';
import type { ContributionRatesSnapshot } from './contributions.events';

export class PoolYearParams {
  @ApiProperty({ example: 'SY-EMP-POOL', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  pooledFundId!: string;

  @ApiProperty({ type: 'integer', example: 2026, minimum: MIN_FUND_YEAR, maximum: MAX_FUND_YEAR })
  @IsPathYear()
  year!: number;
}

export class ContributionRatesView implements ContributionRatesSnapshot {
  @ApiProperty({ example: 'SY-EMP-POOL' })
  pooledFundId!: string;

  @ApiProperty({ example: 'SY-EMP-PERS' })
  personalFundId!: string;

  @ApiProperty({ example: 'SY-MAT' })
  maternityFundId!: string;

  @ApiProperty({ example: 2026 })
  year!: number;

  @ApiProperty({ example: '0.086' })
  employerRate!: string;

  @ApiProperty({ example: '0.006' })
  maternityRateOfPayroll!: string;

  @ApiProperty({ example: '0.02' })
  employeeRate!: string;

  @ApiProperty({ example: '0.30' })
  personalShareOfEmployerBasic!: string;

  @ApiProperty({ example: '3715.00' })
  baseFloorYuan!: string;

  @ApiProperty({ example: '0', description: 'Revision of the ContributionRatesSet in force; payroll collections record it.' })
  version!: string;
}
