import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Problems } from '@ledger/platform';
import { BusinessDates } from './business-date';
import {
  allFundsView,
  EXPENSE_CATEGORIES,
  fundBalancesProjection,
  fundYearView,
  INCOME_SOURCES,
  type FundYearView,
} from './fund-balances.projection';
import { ProjectionRegistry } from './projection-registry';
import { FundBalancesQuery, FundParams, MonthlyReportQuery } from './read-model.dtos';

/**
 * Fund income, expenditure and balances by month (基金收支), one fund or all of them (pooled funds and
 * personal accounts apart), and the 统计月报 as JSON or CSV. Readable by every role.
 */
@ApiTags('funds')
@ApiBearerAuth()
@Controller('fund-balances')
export class FundBalancesController {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly dates: BusinessDates,
  ) {}

  @Get()
  async all(@Query() query: FundBalancesQuery) {
    const answer = await this.projections.read(fundBalancesProjection, query);
    const businessDate = this.dates.of(answer, answer.state.lastRecordedAt);
    const year = query.year ?? Number(businessDate.slice(0, 4));
    return { asOf: answer.asOf, position: answer.position, businessDate, year, ...allFundsView(answer.state, year) };
  }

  @Get(':fundId')
  async one(@Param() params: FundParams, @Query() query: FundBalancesQuery) {
    const { answer, view, businessDate } = await this.fundYear(params.fundId, query);
    return { asOf: answer.asOf, position: answer.position, businessDate, ...view };
  }

  @Get(':fundId/monthly-report')
  @ApiProduces('application/json', 'text/csv')
  async monthlyReport(@Param() params: FundParams, @Query() query: MonthlyReportQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const { answer, view, businessDate } = await this.fundYear(params.fundId, query);
    if (query.format === 'csv') {
      void reply.header('content-type', 'text/csv; charset=utf-8');
      void reply.header('content-disposition', `attachment; filename="monthly-report-${view.fundId}-${view.year}.csv"`);
      return monthlyReportCsv(view);
    }
    return {
      asOf: answer.asOf,
      position: answer.position,
      businessDate,
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

  private async fundYear(fundId: string, query: FundBalancesQuery) {
    const answer = await this.projections.read(fundBalancesProjection, query);
    const row = answer.state.funds.get(fundId);
    if (row === undefined) throw Problems.notFound('FUND_NOT_FOUND', `fund ${fundId} has no registration and no postings`, 'fundId');
    const businessDate = this.dates.of(answer, answer.state.lastRecordedAt);
    const year = query.year ?? Number(businessDate.slice(0, 4));
    return { answer, businessDate, view: fundYearView(row, year) };
  }
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
