import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { CommandRequestDto, IsOmittable, IsYuan } from '@ledger/platform';
import { IsPeriod } from '../../application/request-rules';
import { ID_PATTERN } from '../../registry/field-rules';
import { MAX_HEADCOUNT } from './collect-payroll-contribution.decider';

export class CollectPayrollContributionRequest extends CommandRequestDto {
  @ApiPropertyOptional({ example: 'PAYROLL-E-001-2026-03', pattern: ID_PATTERN.source, description: 'Booked once per fund-month; defaults to the commandId.' })
  @IsOmittable()
  @Matches(ID_PATTERN)
  collectionId?: string;

  @ApiProperty({ example: 'E-001', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  employerId!: string;

  @ApiProperty({ example: 'SY-EMP-POOL', pattern: ID_PATTERN.source, description: "The employee pool whose rates for the period's year apply." })
  @Matches(ID_PATTERN)
  pooledFundId!: string;

  @ApiProperty({ example: '2026-03', description: 'The contribution month YYYY-MM.' })
  @IsPeriod()
  period!: string;

  @ApiProperty({ example: '3000.00', description: "The employer's declared payroll base for the month, yuan; the per-head floor applies when higher." })
  @IsYuan('non_negative')
  declaredBaseYuan!: string;

  @ApiProperty({ type: 'integer', example: 1, minimum: 1, maximum: MAX_HEADCOUNT })
  @IsInt()
  @Min(1)
  @Max(MAX_HEADCOUNT)
  headcount!: number;
}
