import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Problems } from '@ledger/platform';
import { RegistryLookups } from '../application/registry-lookups';
import { FundYearParams } from '../budget-policy/budget-policy.queries.dto';
import { REF_ID_PATTERN } from '../hospital-budget/hospital-budget.request-base.dto';
import {
  type AllocationLineView,
  type AllocationRunCommittedData,
  allocationRunId,
  lineView,
  METHOD_VERSION_PATTERN,
  runLines,
} from './allocation-run.events';
import { AllocationRunService, type FundYearRunsView } from './allocation-run.service';

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

export const ALLOCATION_RUN_NOT_FOUND = 'ALLOCATION_RUN_NOT_FOUND';

/** The fund budget and allocation runs of a fund-year, folded from their streams at request time. Every role may read. */
@ApiTags('allocation')
@ApiBearerAuth()
@Controller('allocation-runs')
export class AllocationQueriesController {
  constructor(
    private readonly allocations: AllocationRunService,
    private readonly lookups: RegistryLookups,
  ) {}

  @Get(':fundId/:year')
  @ApiOperation({
    summary:
      "A fund-year's approved budget and its runs (in force and superseded) with every line; ?format=csv: one run's quotas",
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'JSON: { fundBudget, inForceRunId, runs[] }. CSV: one row per hospital.' })
  async runs(
    @Param() { fundId, year }: FundYearParams,
    @Query() query: AllocationRunsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FundYearRunsView | string> {
    await this.lookups.fund(fundId);
    if (query.format !== 'csv') return this.allocations.runs(fundId, year);
    // Only this fund-year's run streams are ever folded as runs (the stream cache is keyed by stream name).
    if (query.runId !== undefined && !isRunOf(query.runId, fundId, year)) {
      throw Problems.notFound(
        ALLOCATION_RUN_NOT_FOUND,
        `${query.runId} is not an allocation run of fund ${fundId} for ${year}`,
        'runId',
      );
    }
    const run =
      query.runId === undefined
        ? await this.allocations.inForceRun(fundId, year)
        : await this.allocations.loadRun(query.runId);
    if (run === null || run.fundId !== fundId || run.year !== year) {
      throw Problems.notFound(
        ALLOCATION_RUN_NOT_FOUND,
        `no ${query.runId ?? 'allocation run in force'} for fund ${fundId} in ${year}`,
        'runId',
      );
    }
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header('content-disposition', `attachment; filename="${run.runId}.csv"`);
    return quotasCsv(run);
  }
}

function isRunOf(runId: string, fundId: string, year: number): boolean {
  const prefix = allocationRunId(fundId, year, '');
  return runId.startsWith(prefix) && METHOD_VERSION_PATTERN.test(runId.slice(prefix.length));
}

const CSV_COLUMNS: ReadonlyArray<keyof AllocationLineView> = [
  'payeeId',
  'quotaYuan',
  'carriedInYuan',
  'effectiveQuotaYuan',
  'lastYearQuotaYuan',
  'changeYuan',
  'basis',
  'bound',
  'downgradePercent',
  'downgradeYuan',
  'exactYuan',
  'computedYuan',
  'boundedYuan',
  'weightYuan',
  'perCaseYuan',
  'class',
  'expectedCases',
];

/** One row per hospital of the run: the committed quota first, then how it was computed. */
export function quotasCsv(run: AllocationRunCommittedData): string {
  const lines = runLines(run).map(lineView);
  const rows = lines.map((line) => CSV_COLUMNS.map((column) => csvCell(line[column])).join(','));
  return `${['runId', ...CSV_COLUMNS].join(',')}\n${rows.map((row) => `${run.runId},${row}`).join('\n')}\n`;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
