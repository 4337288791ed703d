import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CommandRequestDto, IsOmittable, IsYuan } from '@ledger/platform';
import { IsFundYear } from '../../application/request-rules';
import { ID_PATTERN } from '../../registry/field-rules';
import { MAX_EARMARKS, MAX_NAME_LENGTH, MAX_REASON_LENGTH } from '../fund-budget.decider';

export class EarmarkRequest {
  @ApiProperty({ example: '单病种定额结算' })
  @IsString()
  @Length(1, MAX_NAME_LENGTH)
  name!: string;

  @ApiProperty({ example: '10000000.00' })
  @IsYuan()
  amountYuan!: string;
}

export class FundBudgetBasisRequest {
  @ApiProperty({
    example: '150000000.00',
    description: 'Projected income of the fund-year (征缴 + 财政补助 + interest…).',
  })
  @IsYuan('non_negative')
  projectedIncomeYuan!: string;

  @ApiProperty({ example: '15000000.00', description: 'Reserve kept back (略有结余).' })
  @IsYuan('non_negative')
  reserveYuan!: string;

  @ApiProperty({
    type: [EarmarkRequest],
    maxItems: MAX_EARMARKS,
    description: 'Spending kept out of the hospital quotas (may be empty).',
  })
  @IsArray()
  @ArrayMaxSize(MAX_EARMARKS)
  @ValidateNested({ each: true })
  @Type(() => EarmarkRequest)
  excludedEarmarks!: EarmarkRequest[];
}

/** FundBudgetApproved: the year's total for hospital quotas and the figures it comes from. */
export class ApproveFundBudgetRequest extends CommandRequestDto {
  @ApiProperty({ example: 'WD-NCMS', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ example: 2025 })
  @IsFundYear()
  year!: number;

  @ApiProperty({ example: '120000000.00', description: 'The pool the allocation runs split (R-BUD-1).' })
  @IsYuan()
  totalForQuotasYuan!: string;

  @ApiProperty({ type: FundBudgetBasisRequest })
  @ValidateNested()
  @Type(() => FundBudgetBasisRequest)
  basis!: FundBudgetBasisRequest;

  @ApiPropertyOptional({
    example: '三方协商确定',
    description: 'Required when the total differs from income − reserve − earmarks; refused otherwise.',
  })
  @IsOmittable()
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  differenceReason?: string;
}
