import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CommandRequestDto, IsDecimalString, IsYuan } from '@ledger/platform';
import { IsFundYear, MAX_FUND_YEAR, MIN_FUND_YEAR } from '../../application/request-rules';
import { ID_PATTERN } from '../../registry/field-rules';

/** The employee scheme's rates for one pool and year (沈阳 2012 figures as examples). */
export class SetContributionRatesRequest extends CommandRequestDto {
  @ApiProperty({ example: 'SY-EMP-POOL', pattern: ID_PATTERN.source, description: 'A registered employee_pooled fund.' })
  @Matches(ID_PATTERN)
  pooledFundId!: string;

  @ApiProperty({ example: 'SY-EMP-PERS', pattern: ID_PATTERN.source, description: 'A registered employee_personal fund.' })
  @Matches(ID_PATTERN)
  personalFundId!: string;

  @ApiProperty({ example: 'SY-MAT', pattern: ID_PATTERN.source, description: 'A registered maternity fund.' })
  @Matches(ID_PATTERN)
  maternityFundId!: string;

  @ApiProperty({ type: 'integer', example: 2026, minimum: MIN_FUND_YEAR, maximum: MAX_FUND_YEAR })
  @IsFundYear()
  year!: number;

  @ApiProperty({ example: '0.086', description: 'Employer rate of payroll, including the maternity part, 0..1.' })
  @IsDecimalString('0', '1')
  employerRate!: string;

  @ApiProperty({ example: '0.006', description: 'The maternity part of the employer rate, of payroll; at most employerRate.' })
  @IsDecimalString('0', '1')
  maternityRateOfPayroll!: string;

  @ApiProperty({ example: '0.02', description: 'Employee rate of own wage, withheld by the employer, 0..1.' })
  @IsDecimalString('0', '1')
  employeeRate!: string;

  @ApiProperty({ example: '0.30', description: "Share of the employer's basic-medical part credited to personal accounts, 0..1." })
  @IsDecimalString('0', '1')
  personalShareOfEmployerBasic!: string;

  @ApiProperty({ example: '3715.00', description: "Minimum monthly base per head (last year's average monthly wage), yuan." })
  @IsYuan('non_negative')
  baseFloorYuan!: string;
}
