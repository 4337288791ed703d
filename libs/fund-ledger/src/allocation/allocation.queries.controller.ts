import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { FundYearParams } from '../budget-policy/budget-policy.queries.dto';
import { REF_ID_PATTERN } from '../hospital-budget/hospital-budget.request-base.dto';
import { ApiNotFound, ApiRead } from '../application/openapi';
import { quotasCsv } from './allocation-run.csv';
import { FundYearRunsResponse } from './allocation.response.dto';
import { FundYearRunsQuery, type FundYearRunsView } from './fund-year-runs/fund-year-runs.query';
import { GetAllocationRunQuery } from './get-allocation-run/get-allocation-run.query';

export class AllocationRunsQuery {
  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    description: 'csv: the committed quotas per hospital of one run (default: the run in force).',
  })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';

  @ApiPropertyOptional({
    example: 'allocation-run-WD-NCMS-2025-v1',
    description: 'csv: which run (default: the run in force).',
  })
  @IsOptional()
  @Matches(REF_ID_PATTERN)
  runId?: string;
}

/** The fund budget and allocation runs of a fund-year, folded from their streams at request time. Every role may read. */
@ApiTags('allocation')
@ApiBearerAuth()
@Controller('allocation-runs')
export class AllocationQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':fundId/:year')
  @ApiRead("A fund-year's approved budget and its runs (in force and superseded) with every line; ?format=csv: one run's quotas", FundYearRunsResponse, ApiNotFound('FUND_NOT_FOUND, ALLOCATION_RUN_NOT_FOUND (csv)'))
  @ApiProduces('application/json', 'text/csv')
  async runs(
    @Param() { fundId, year }: FundYearParams,
    @Query() query: AllocationRunsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FundYearRunsView | string> {
    if (query.format !== 'csv') return this.queries.execute(new FundYearRunsQuery(fundId, year));
    const run = await this.queries.execute(new GetAllocationRunQuery(fundId, year, query.runId));
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header('content-disposition', `attachment; filename="${run.runId}.csv"`);
    return quotasCsv(run);
  }
}
