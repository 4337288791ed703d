import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ReadQuery } from '@ledger/platform';
import { ID_PATTERN } from '../registry/field-rules';

/** Query and path parameters of the read endpoints: every value bounded, unknown parameters refused. */
export const MIN_YEAR = 1990;
export const MAX_YEAR = 2200;
export const MAX_PAGE = 200;
export const MAX_OFFSET = 1_000_000;
const ID_MESSAGE = 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -';

function IntegerField(min: number, max: number): PropertyDecorator {
  return (target, key) => {
    Type(() => Number)(target, key);
    IsInt({ message: `${String(key)} must be an integer ${min}..${max}` })(target, key);
    Min(min, { message: `${String(key)} must be an integer ${min}..${max}` })(target, key);
    Max(max, { message: `${String(key)} must be an integer ${min}..${max}` })(target, key);
  };
}

function YearField(): PropertyDecorator {
  return IntegerField(MIN_YEAR, MAX_YEAR);
}

function IdField(): PropertyDecorator {
  return (target, key) => Matches(ID_PATTERN, { message: `${String(key)} ${ID_MESSAGE}` })(target, key);
}

export const SUMMARY_SORTS = ['execution', 'overrun', 'warning'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;

export class HospitalBudgetSummaryQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Only this fund.' })
  @IsOptional()
  @IdField()
  fundId?: string;

  @ApiPropertyOptional({ description: 'Only this budget year.' })
  @IsOptional()
  @YearField()
  year?: number;

  @ApiPropertyOptional({ enum: SUMMARY_SORTS, description: 'execution: A ÷ Q; overrun: projected A − Q; warning: run-rate level. Unknown values sort last.' })
  @IsOptional()
  @IsIn(SUMMARY_SORTS)
  sortBy?: (typeof SUMMARY_SORTS)[number];

  @ApiPropertyOptional({ enum: SORT_ORDERS, description: 'Default desc.' })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order?: (typeof SORT_ORDERS)[number];

  @ApiPropertyOptional({ description: `Page size, 1..${MAX_PAGE} (default 50).` })
  @IsOptional()
  @IntegerField(1, MAX_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Rows to skip (default 0).' })
  @IsOptional()
  @IntegerField(0, MAX_OFFSET)
  offset?: number;
}

export class HospitalYearParams {
  @IdField()
  fundId!: string;

  @IdField()
  payeeId!: string;

  @YearField()
  year!: number;
}

export class PayeeParams {
  @IdField()
  payeeId!: string;
}

export class CarryForwardQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Only this fund.' })
  @IsOptional()
  @IdField()
  fundId?: string;
}

export class OverBudgetSharingQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Only this fund.' })
  @IsOptional()
  @IdField()
  fundId?: string;

  @ApiPropertyOptional({ description: 'Only this budget year.' })
  @IsOptional()
  @YearField()
  year?: number;

  @ApiPropertyOptional({ description: `Page size of the hospital-years, 1..${MAX_PAGE} (default 100).` })
  @IsOptional()
  @IntegerField(1, MAX_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Hospital-years to skip (default 0).' })
  @IsOptional()
  @IntegerField(0, MAX_OFFSET)
  offset?: number;
}

export class FundParams {
  @IdField()
  fundId!: string;
}

export class FundBalancesQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'The year (of the effective dates); default: the year of the business date.' })
  @IsOptional()
  @YearField()
  year?: number;
}

export const REPORT_FORMATS = ['json', 'csv'] as const;

export class MonthlyReportQuery extends FundBalancesQuery {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'Default json.' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: (typeof REPORT_FORMATS)[number];
}
