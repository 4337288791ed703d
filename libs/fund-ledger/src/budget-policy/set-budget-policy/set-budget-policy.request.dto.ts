import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CommandRequestDto, IsDecimalString } from '@ledger/platform';
import {
  CLAWBACK_TREATMENTS,
  DEFAULT_OBJECTION_WINDOW_DAYS,
  MAX_OBJECTION_WINDOW_DAYS,
  NEW_POLICY_CLAWBACK_TREATMENT,
  type ClawbackTreatment,
  type RetentionMode,
} from '../../shared/budget-policy';
import { IsFundYear, MAX_FUND_YEAR, MIN_FUND_YEAR } from '../../application/request-rules';
import { ID_PATTERN } from '../../registry/field-rules';
import { MAX_TIERS, MAX_WITHHOLD_RATE } from '../policy.validation';

const RETENTION_MODES: readonly RetentionMode[] = ['cash', 'carry_forward'];

/** A tier's bound is required: a ratio of the quota, or null for the last (unbounded) tier. */
const hasBound = (tier: { upToQuotaRatio?: string | null }): boolean => tier.upToQuotaRatio !== null;

/** The ordering of the bounds and the null last tier are the decider's checks (400 naming the tier). */
export class OverrunTierRequest {
  @ApiProperty({ example: '0.10', nullable: true, type: String, description: 'Cumulative share of the quota this tier covers up to; null for the last tier.' })
  @ValidateIf(hasBound)
  @IsDecimalString('0', '1000')
  upToQuotaRatio!: string | null;

  @ApiProperty({ example: '0.70', description: "The fund's share of the overrun within this tier, 0..1." })
  @IsDecimalString('0', '1')
  fundShare!: string;
}

export class SurplusTierRequest {
  @ApiProperty({ example: '0.10', nullable: true, type: String, description: 'Cumulative share of the quota this tier covers up to; null for the last tier.' })
  @ValidateIf(hasBound)
  @IsDecimalString('0', '1000')
  upToQuotaRatio!: string | null;

  @ApiProperty({ example: '1', description: 'The share of the surplus within this tier the hospital retains, 0..1.' })
  @IsDecimalString('0', '1')
  retainedShare!: string;
}

/** Only the fields to change; the others stay as in force (the default for the year's first set). */
export class BudgetPolicyChangesRequest {
  @ApiPropertyOptional({ example: '0.10', description: `Quality deposit (质量保证金) withheld from each prepayment, 0..${MAX_WITHHOLD_RATE}.` })
  @IsOptional()
  @IsDecimalString('0', MAX_WITHHOLD_RATE)
  depositWithholdRate?: string;

  @ApiPropertyOptional({ type: [OverrunTierRequest], example: [{ upToQuotaRatio: '0.10', fundShare: '0.70' }, { upToQuotaRatio: null, fundShare: '0' }] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TIERS)
  @ValidateNested({ each: true })
  @Type(() => OverrunTierRequest)
  overrunTiers?: OverrunTierRequest[];

  @ApiPropertyOptional({ type: [SurplusTierRequest], example: [{ upToQuotaRatio: '0.10', retainedShare: '1' }, { upToQuotaRatio: null, retainedShare: '0.5' }] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TIERS)
  @ValidateNested({ each: true })
  @Type(() => SurplusTierRequest)
  surplusTiers?: SurplusTierRequest[];

  @ApiPropertyOptional({ enum: RETENTION_MODES, description: 'cash: retained surplus paid at year end; carry_forward: credited to next year.' })
  @IsOptional()
  @IsIn(RETENTION_MODES)
  retentionMode?: RetentionMode;

  @ApiPropertyOptional({ example: '60', description: 'Deposit returned only at or above this assessment score, 0..100.' })
  @IsOptional()
  @IsDecimalString('0', '100')
  depositReturnMinScore?: string;

  @ApiPropertyOptional({ enum: ['treasury'], description: 'Fines (罚款) go to the treasury, never to fund income.' })
  @IsOptional()
  @IsIn(['treasury'])
  fineDestination?: 'treasury';

  @ApiPropertyOptional({
    enum: CLAWBACK_TREATMENTS,
    default: NEW_POLICY_CLAWBACK_TREATMENT,
    description:
      "What an in-year clawback does at year end. deduct_from_entitlement: E is computed on the actual gross of the year's clawbacks, then the clawbacks are deducted from it, so a recovered amount is never paid back. reduce_actual: the clawback lowers the actual (a hospital in the fully retained surplus band or beyond the shared overrun band is paid it back). Default: deduct_from_entitlement on the fund-year's first set; a later set keeps the policy's value (a policy recorded without it reads as reduce_actual).",
  })
  @IsOptional()
  @IsIn(CLAWBACK_TREATMENTS)
  clawbackTreatment?: ClawbackTreatment;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_OBJECTION_WINDOW_DAYS,
    default: DEFAULT_OBJECTION_WINDOW_DAYS,
    description: "R-PAY-4: calendar days, the last included, a hospital has to object to a settlement's audit opinion from its statement date; silence past them is deemed acceptance.",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_OBJECTION_WINDOW_DAYS)
  objectionWindowDays?: number;
}

export class SetBudgetPolicyRequest extends CommandRequestDto {
  @ApiProperty({ example: 'EMP-POOLED', pattern: ID_PATTERN.source, description: 'A registered fund.' })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ type: 'integer', example: 2026, minimum: MIN_FUND_YEAR, maximum: MAX_FUND_YEAR })
  @IsFundYear()
  year!: number;

  @ApiProperty({ type: BudgetPolicyChangesRequest })
  @IsObject()
  @ValidateNested()
  @Type(() => BudgetPolicyChangesRequest)
  changes!: BudgetPolicyChangesRequest;
}
