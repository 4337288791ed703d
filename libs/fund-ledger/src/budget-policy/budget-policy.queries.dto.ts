import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import {
  CLAWBACK_TREATMENTS,
  DEFAULT_BUDGET_POLICY,
  type BudgetPolicy,
  type ClawbackTreatment,
  type OverrunTier,
  type RetentionMode,
  type SurplusTier,
} from '../shared/budget-policy';
import { IsPathYear, MAX_FUND_YEAR, MIN_FUND_YEAR } from '../application/request-rules';
import { ID_PATTERN } from '../registry/field-rules';
import { FREEZE_REASONS, type FreezeReason } from './budget-policy.events';

export class FundYearParams {
  @ApiProperty({ example: 'EMP-POOLED', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ type: 'integer', example: 2026, minimum: MIN_FUND_YEAR, maximum: MAX_FUND_YEAR })
  @IsPathYear()
  year!: number;
}

class OverrunTierView implements OverrunTier {
  @ApiProperty({ example: '0.10', nullable: true, type: String })
  upToQuotaRatio!: string | null;

  @ApiProperty({ example: '0.70' })
  fundShare!: string;
}

class SurplusTierView implements SurplusTier {
  @ApiProperty({ example: '0.10', nullable: true, type: String })
  upToQuotaRatio!: string | null;

  @ApiProperty({ example: '1' })
  retainedShare!: string;
}

class BudgetPolicyView implements BudgetPolicy {
  @ApiProperty({ example: DEFAULT_BUDGET_POLICY.depositWithholdRate })
  depositWithholdRate!: string;

  @ApiProperty({ type: [OverrunTierView] })
  overrunTiers!: readonly OverrunTierView[];

  @ApiProperty({ type: [SurplusTierView] })
  surplusTiers!: readonly SurplusTierView[];

  @ApiProperty({ enum: ['cash', 'carry_forward'] })
  retentionMode!: RetentionMode;

  @ApiProperty({ example: DEFAULT_BUDGET_POLICY.depositReturnMinScore })
  depositReturnMinScore!: string;

  @ApiProperty({ enum: ['treasury'] })
  fineDestination!: 'treasury';

  @ApiPropertyOptional({
    enum: CLAWBACK_TREATMENTS,
    description: 'Absent on the built-in default and on policies recorded before the field existed: read as reduce_actual.',
  })
  clawbackTreatment?: ClawbackTreatment;

  @ApiPropertyOptional({ type: 'integer', description: 'R-PAY-4 objection window, calendar days; absent: 5.' })
  objectionWindowDays?: number;
}

class PolicyFreezeView {
  @ApiProperty({ enum: FREEZE_REASONS })
  reason!: FreezeReason;

  @ApiProperty({ example: 'budget-EMP-POOLED-H-001-2026', description: 'The settlement stream whose year-end settlement froze the policy.' })
  settledStream!: string;

  @ApiProperty({ example: '0' })
  policyVersion!: string;
}

export class BudgetPolicyInForceView {
  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @ApiProperty({ example: 2026 })
  year!: number;

  @ApiProperty({ example: '0', description: "Revision of the BudgetPolicySet in force, or 'default' when the policy was never set." })
  policyVersion!: string;

  @ApiProperty({ type: BudgetPolicyView })
  policy!: BudgetPolicyView;

  @ApiProperty({ type: PolicyFreezeView, nullable: true, description: 'Null until a year-end settlement freezes the policy.' })
  frozen!: PolicyFreezeView | null;
}
