import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { CommandRequestDto, IsOmittable, IsYuan } from '@ledger/platform';
import { IsPeriod } from '../../application/request-rules';
import { ID_PATTERN } from '../../registry/field-rules';
import { CONTRIBUTION_SOURCES, SUBSIDY_LEVELS, type ContributionSource, type SubsidyLevel } from '../contributions.events';

export class CollectContributionRequest extends CommandRequestDto {
  @ApiPropertyOptional({ example: 'RES-2026-09-BATCH-17', pattern: ID_PATTERN.source, description: 'Booked once per fund-month; defaults to the commandId.' })
  @IsOmittable()
  @Matches(ID_PATTERN)
  collectionId?: string;

  @ApiProperty({ example: 'SY-RES-POOL', pattern: ID_PATTERN.source, description: 'The receiving fund.' })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ enum: CONTRIBUTION_SOURCES, description: 'Employer income comes only through payroll collections.' })
  @IsIn(CONTRIBUTION_SOURCES)
  source!: ContributionSource;

  @ApiProperty({ example: '380.00', description: 'Yuan, a decimal string with at most 2 places.' })
  @IsYuan()
  amountYuan!: string;

  @ApiProperty({ example: '2026-09', description: "The month collected YYYY-MM (resident contributions of Sep-Dec fund the next year)." })
  @IsPeriod()
  period!: string;

  @ApiPropertyOptional({ example: 'SY-ASSIST', pattern: ID_PATTERN.source, description: 'assistance_paid only: the medical-assistance fund paying (资助参保).' })
  @IsOmittable()
  @Matches(ID_PATTERN)
  payingFundId?: string;

  @ApiPropertyOptional({ enum: SUBSIDY_LEVELS, description: 'government_subsidy only.' })
  @IsOmittable()
  @IsIn(SUBSIDY_LEVELS)
  subsidyLevel?: SubsidyLevel;
}
