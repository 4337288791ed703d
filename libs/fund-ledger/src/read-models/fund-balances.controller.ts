import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EXPENSE_CATEGORIES, INCOME_SOURCES } from './fund-balances.projection';
import { GetAllFundBalancesQuery, GetFundYearQuery, type AllFundBalancesAnswer } from './fund-balances.queries';
import type { FundYearView } from './fund-balances.views';
import { FundBalancesQuery, FundParams, MonthlyReportQuery } from './read-model.dtos';
import { ApiNotFound, ApiRead } from '../application/openapi';
import { AllFundBalancesView, FundYearBalancesView, MonthlyReportView } from './fund-balances.response.dto';

/**
 * Fund income, expenditure and balances by month (基金收支), one fund or all of them (pooled funds and
 * personal accounts apart), and the 统计月报 as JSON or CSV. Readable by every role.
 */
@ApiTags('funds')
@ApiBearerAuth()
@Controller('fund-balances')
export class FundBalancesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiRead('Every fund\'s income, expenditure and balances for a year (pooled funds, personal accounts, other, treasury apart)', AllFundBalancesView)
  all(@Query() query: FundBalancesQuery): Promise<AllFundBalancesAnswer> {
    return this.queries.execute(new GetAllFundBalancesQuery(query));
  }

  @Get(':fundId')
  @ApiRead('One fund-year by month: income by source, expenditure by category, surplus, balance, months covered and warning', FundYearBalancesView, ApiNotFound('FUND_NOT_FOUND'))
  async one(@Param() params: FundParams, @Query() query: FundBalancesQuery) {
    const { asOf, position, businessDate, view } = await this.queries.execute(new GetFundYearQuery(params.fundId, query));
    return { asOf, position, businessDate, ...view };
  }

  @Get(':fundId/monthly-report')
  @ApiRead('The 统计月报 of a fund-year: JSON, or CSV with format=csv (one row per month and a total row)', MonthlyReportView, ApiNotFound('FUND_NOT_FOUND'))
  @ApiProduces('application/json', 'text/csv')
  async monthlyReport(@Param() params: FundParams, @Query() query: MonthlyReportQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const { asOf, position, businessDate, view } = await this.queries.execute(new GetFundYearQuery(params.fundId, query));
    if (query.format === 'csv') {
      void reply.header('content-type', 'text/csv; charset=utf-8');
      void reply.header('content-disposition', `attachment; filename="monthly-report-${view.fundId}-${view.year}.csv"`);
      return monthlyReportCsv(view);
    }
    return { asOf, position, businessDate, ...monthlyReportJson(view) };
  }
}

/** The 统计月报 as JSON: the month and total figures the report shows (no warnings, no receivables). */
function monthlyReportJson(view: FundYearView) {
  return {
    fundId: view.fundId,
    kind: view.kind,
    name: view.name,
    year: view.year,
    months: view.months.map((m) => ({
      month: m.month,
      incomeYuan: m.incomeYuan,
      incomeBySource: m.incomeBySource,
      expenditureYuan: m.expenditureYuan,
      expenditureByCategory: m.expenditureByCategory,
      currentSurplusYuan: m.currentSurplusYuan,
      cumulativeBalanceYuan: m.cumulativeBalanceYuan,
    })),
    totals: {
      incomeYuan: view.totals.incomeYuan,
      expenditureYuan: view.totals.expenditureYuan,
      currentSurplusYuan: view.totals.currentSurplusYuan,
      openingBalanceYuan: view.totals.openingBalanceYuan,
      closingBalanceYuan: view.totals.closingBalanceYuan,
    },
  };
}

/** The 统计月报 as CSV: a header row, one row per month, a total row; amounts as yuan strings. */
export function monthlyReportCsv(view: FundYearView): string {
  const header = [
    'month',
    'income',
    ...INCOME_SOURCES.map((s) => `income_${s}`),
    'expenditure',
    ...EXPENSE_CATEGORIES.map((c) => `expenditure_${c}`),
    'current_surplus',
    'cumulative_balance',
    'open_receivables',
    'fines_to_treasury',
    'months_covered',
    'warning',
  ];
  const line = (
    month: string,
    figures: {
      incomeYuan: string;
      incomeBySource: Record<string, string>;
      expenditureYuan: string;
      expenditureByCategory: Record<string, string>;
      currentSurplusYuan: string;
      openReceivablesYuan: string;
      finesToTreasuryYuan: string;
      monthsCovered: string | null;
      warning: string | null;
    },
    balance: string,
  ) => [
    month,
    figures.incomeYuan,
    ...INCOME_SOURCES.map((s) => figures.incomeBySource[s] ?? '0.00'),
    figures.expenditureYuan,
    ...EXPENSE_CATEGORIES.map((c) => figures.expenditureByCategory[c] ?? '0.00'),
    figures.currentSurplusYuan,
    balance,
    figures.openReceivablesYuan,
    figures.finesToTreasuryYuan,
    figures.monthsCovered ?? '',
    figures.warning ?? '',
  ];
  const rows = [header, ...view.months.map((m) => line(m.month, m, m.cumulativeBalanceYuan)), line('total', view.totals, view.totals.closingBalanceYuan)];
  return rows.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
