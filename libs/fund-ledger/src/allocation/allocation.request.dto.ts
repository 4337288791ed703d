import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDecimalString, IsYuan } from '@ledger/platform';
import { IsFundYear } from '../application/request-rules';
import { ID_PATTERN } from '../registry/field-rules';
import { REF_ID_PATTERN } from '../hospital-budget/hospital-budget.request-base.dto';
import {
  DOWNGRADE_MAX_PERCENT,
  DOWNGRADE_MIN_PERCENT,
  FACTOR_MAX,
  FACTOR_MIN,
  MAX_CLASS_LENGTH,
  MAX_EXPECTED_CASES,
  MAX_HISTORY_AGE_YEARS,
  MAX_LOOKBACK_YEARS,
  MAX_RUN_HOSPITALS,
} from './allocation.inputs';
import { ALLOCATION_METHODS, type AllocationMethod } from './allocation.rules';
import { type HistorySource, type InputSource, METHOD_VERSION_PATTERN } from './allocation-run.events';
import { MAX_REASON_LENGTH } from './fund-budget.decider';

/**
 * Request shapes of the allocation endpoints. The deciders check every field again (the CLI reaches them
 * without these DTOs); these give the client a 400 naming the field before anything is read.
 */
export class HistoryFigureRequest {
  @ApiProperty({ example: 2024, description: `One of the ${MAX_HISTORY_AGE_YEARS} years before the budget year.` })
  @IsInt()
  year!: number;

  @ApiProperty({ example: '3925000.00', description: 'Audited eligible spending of that year (A).' })
  @IsYuan('non_negative')
  spendingYuan!: string;

  @ApiPropertyOptional({
    example: 1000,
    nullable: true,
    type: Number,
    description: 'Cases (admissions); required by the per-case methods.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_EXPECTED_CASES)
  cases?: number | null;
}

export class HospitalRecordRequest {
  @ApiProperty({ example: 'SONGCUN', pattern: ID_PATTERN.source, description: 'A registered payee.' })
  @Matches(ID_PATTERN)
  payeeId!: string;

  @ApiPropertyOptional({
    example: 'secondary-general',
    description: 'class_per_case: the class (default: the registry\'s "{level}-{class}").',
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_CLASS_LENGTH)
  class?: string | null;

  @ApiPropertyOptional({ type: [HistoryFigureRequest], maxItems: MAX_HISTORY_AGE_YEARS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_HISTORY_AGE_YEARS)
  @ValidateNested({ each: true })
  @Type(() => HistoryFigureRequest)
  history?: HistoryFigureRequest[] | null;

  @ApiPropertyOptional({ example: 1100, type: Number, description: 'Per-case methods: the cases expected this year.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_EXPECTED_CASES)
  expectedCases?: number | null;

  @ApiPropertyOptional({
    example: '1.03',
    description: `per_capita_history: this hospital's development factor (${FACTOR_MIN}..${FACTOR_MAX}).`,
  })
  @IsOptional()
  @IsDecimalString(FACTOR_MIN, FACTOR_MAX)
  developmentFactor?: string | null;

  @ApiPropertyOptional({
    example: '5',
    description: `R-BUD-11 downgrade after serious violations, ${DOWNGRADE_MIN_PERCENT}..${DOWNGRADE_MAX_PERCENT} (%).`,
  })
  @IsOptional()
  @IsDecimalString(DOWNGRADE_MIN_PERCENT, DOWNGRADE_MAX_PERCENT)
  downgradePercent?: string | null;

  @ApiPropertyOptional({
    example: '4500000.00',
    description: "Last year's quota when the ledger does not have it (default: from the ledger).",
  })
  @IsOptional()
  @IsYuan()
  lastYearQuotaYuan?: string | null;

  @ApiPropertyOptional({
    example: '500000.00',
    description: 'Base quota for this hospital if it has no history (default: params.baseQuotaYuan).',
  })
  @IsOptional()
  @IsYuan()
  baseQuotaYuan?: string | null;
}

export class AllocationParamsRequestDto {
  @ApiPropertyOptional({
    example: 3,
    minimum: 1,
    maximum: MAX_LOOKBACK_YEARS,
    description: 'Default 3 (share, per-capita) or 1 (class per-case).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_LOOKBACK_YEARS)
  lookbackYears?: number;

  @ApiPropertyOptional({
    example: '15',
    nullable: true,
    type: String,
    description: 'Cap on the increase over last year, %. Default "15"; null: no cap.',
  })
  @IsOptional()
  @IsDecimalString('0', '100')
  capIncreasePercent?: string | null;

  @ApiPropertyOptional({
    example: '15',
    nullable: true,
    type: String,
    description: 'Floor on the decrease from last year, %. Default "15"; null: no floor.',
  })
  @IsOptional()
  @IsDecimalString('0', '100')
  floorDecreasePercent?: string | null;

  @ApiPropertyOptional({ example: '300000.00', description: 'Quota of a hospital with no history.' })
  @IsOptional()
  @IsYuan()
  baseQuotaYuan?: string | null;

  @ApiPropertyOptional({ example: '1.05', description: 'per_capita_history only (R-BUD-5). Default "1".' })
  @IsOptional()
  @IsDecimalString(FACTOR_MIN, FACTOR_MAX)
  economicGrowth?: string;

  @ApiPropertyOptional({ example: '1.02', description: 'per_capita_history only. Default "1".' })
  @IsOptional()
  @IsDecimalString(FACTOR_MIN, FACTOR_MAX)
  priceIndex?: string;

  @ApiPropertyOptional({
    example: '1.00',
    description: 'per_capita_history only; a hospital may override it. Default "1".',
  })
  @IsOptional()
  @IsDecimalString(FACTOR_MIN, FACTOR_MAX)
  hospitalDevelopment?: string;
}

export class SupersedesRequest {
  @ApiProperty({ example: 'allocation-run-WD-NCMS-2025-v1', description: 'The run in force.' })
  @Matches(REF_ID_PATTERN)
  runId!: string;

  @ApiProperty({ example: '补录两家医院2024年数据' })
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  reason!: string;
}

/** The inputs of a run: preview sends them without commandId; commit adds commandId. */
export class AllocationRunInputsRequest {
  @ApiProperty({ example: 'WD-NCMS', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ example: 2025 })
  @IsFundYear()
  year!: number;

  @ApiProperty({ enum: ALLOCATION_METHODS })
  @IsIn(ALLOCATION_METHODS)
  method!: AllocationMethod;

  @ApiProperty({
    example: 'v1',
    pattern: METHOD_VERSION_PATTERN.source,
    description: 'Names the run: allocation-run-{fundId}-{year}-{methodVersion}.',
  })
  @Matches(METHOD_VERSION_PATTERN)
  methodVersion!: string;

  @ApiPropertyOptional({ type: AllocationParamsRequestDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AllocationParamsRequestDto)
  params?: AllocationParamsRequestDto;

  @ApiPropertyOptional({
    enum: ['inline', 'import'],
    description: "Default 'inline' (hospitals in this body); 'import' takes the records of importId.",
  })
  @IsOptional()
  @IsIn(['inline', 'import'])
  inputSource?: InputSource;

  @ApiPropertyOptional({ example: 'IMP-2025-01' })
  @IsOptional()
  @Matches(REF_ID_PATTERN)
  importId?: string;

  @ApiPropertyOptional({
    enum: ['records', 'ledger'],
    description: "Default 'records'; 'ledger': each year's audited actual from the budget streams (share method).",
  })
  @IsOptional()
  @IsIn(['records', 'ledger'])
  historyFrom?: HistorySource;

  @ApiPropertyOptional({
    type: [HospitalRecordRequest],
    maxItems: MAX_RUN_HOSPITALS,
    description: 'inputSource inline: one record per hospital.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_RUN_HOSPITALS)
  @ValidateNested({ each: true })
  @Type(() => HospitalRecordRequest)
  hospitals?: HospitalRecordRequest[];

  @ApiPropertyOptional({
    type: SupersedesRequest,
    description: 'Required when a run is already in force for the fund-year.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SupersedesRequest)
  supersedes?: SupersedesRequest;

  @ApiPropertyOptional({ example: '2024-12-20', description: 'Business date (default today); year−1..year+1.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveDate must be YYYY-MM-DD' })
  effectiveDate?: string;
}
