import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsDecimalString, IsOmittable, IsYuan } from '@ledger/platform';
import { HospitalYearRequest } from '../../hospital-budget/hospital-budget.request-base.dto';
import { PAYMENT_METHODS, PER_DIEM_CATEGORIES, type PaymentMethod } from '../../hospital-budget/method-settlement.events';
import { MAX_WEIGHT, RATE_CODE_PATTERN } from '../rate-table.inputs';
import { MAX_METHOD_LINES } from './method-lines.rule';

/**
 * One line of a method settlement. Which fields a line needs depends on the method (the decider checks them
 * and names the line): drg {groupCode, cases, weight?, costYuan?}; single_disease {diseaseCode, cases,
 * costYuan, caseRef?}; per_diem {category, bedDays, costYuan?}; per_case_cap {cases, claimedYuan} (one line).
 */
export class MethodLineRequest {
  @ApiPropertyOptional({ example: 'FR23', pattern: RATE_CODE_PATTERN.source, description: 'drg: the group.' })
  @IsOmittable()
  @Matches(RATE_CODE_PATTERN)
  groupCode?: string;

  @ApiPropertyOptional({ example: '1.2345', description: "drg: the group's weight as the hospital read it; must be the table's." })
  @IsOmittable()
  @IsDecimalString('0', MAX_WEIGHT)
  weight?: string;

  @ApiPropertyOptional({ example: 'K35.8', pattern: RATE_CODE_PATTERN.source, description: 'single_disease: the disease.' })
  @IsOmittable()
  @Matches(RATE_CODE_PATTERN)
  diseaseCode?: string;

  @ApiPropertyOptional({ example: 'ZY-2026-000123', description: 'single_disease: the case (one line per case shows each surplus and overrun).' })
  @IsOmittable()
  @IsString()
  @Length(1, 100)
  caseRef?: string;

  @ApiPropertyOptional({ example: 12, minimum: 1, description: 'drg, single_disease, per_case_cap: whole cases.' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  cases?: number;

  @ApiPropertyOptional({ enum: PER_DIEM_CATEGORIES, description: "per_diem: the patient's category (its own share per day)." })
  @IsOmittable()
  @IsIn(PER_DIEM_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ example: 30, minimum: 1, description: 'per_diem: whole bed-days.' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  bedDays?: number;

  @ApiPropertyOptional({ example: '5200.00', description: "The hospital's actual cost of the line (required for single_disease)." })
  @IsOmittable()
  @IsYuan('non_negative')
  costYuan?: string;

  @ApiPropertyOptional({ example: '560000.00', description: "per_case_cap: the month's fee-for-service claim." })
  @IsOmittable()
  @IsYuan('non_negative')
  claimedYuan?: string;
}

export class PostMethodSettlementRequest extends HospitalYearRequest {
  @ApiProperty({ example: 1, minimum: 1, maximum: 12, description: 'The month settled (from the first day of the next month).' })
  @IsInt()
  @Min(1)
  @Max(12)
  month!: number;

  @ApiProperty({ enum: PAYMENT_METHODS, description: 'One of the methods assigned to the hospital-year for the month.' })
  @IsIn(PAYMENT_METHODS)
  method!: PaymentMethod;

  @ApiProperty({ type: [MethodLineRequest], minItems: 1, maxItems: MAX_METHOD_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_METHOD_LINES)
  @ValidateNested({ each: true })
  @Type(() => MethodLineRequest)
  lines!: MethodLineRequest[];
}
