import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Problems, ReadQuery } from '@ledger/platform';
import { BusinessDates } from './business-date';
import { carryForwardProjection, carryForwardView } from './carry-forward.projection';
import { hospitalBudgetsProjection, hospitalBudgetSummary, hospitalYearView, rowKey } from './hospital-budgets.projection';
import { overBudgetSharingProjection, overBudgetSharingView } from './over-budget-sharing.projection';
import { ProjectionRegistry } from './projection-registry';
import {
  CarryForwardQuery,
  HospitalBudgetSummaryQuery,
  HospitalYearParams,
  OverBudgetSharingQuery,
  PayeeParams,
} from './read-model.dtos';

const DEFAULT_SUMMARY_PAGE = 50;
const DEFAULT_SHARING_PAGE = 100;

/**
 * The hospital global budgets as the read side folds them: a sortable summary of hospital-years and one
 * hospital-year in full (the write model's own view is GET /hospital-budgets/:fundId/:payeeId/:year).
 * Readable by every role; every read accepts asOf, minPosition and waitMs.
 */
@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('hospital-budgets')
export class HospitalBudgetsController {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly dates: BusinessDates,
  ) {}

  @Get('summary')
  async summary(@Query() query: HospitalBudgetSummaryQuery) {
    const answer = await this.projections.read(hospitalBudgetsProjection, query);
    const businessDate = this.dates.of(answer, answer.state.lastRecordedAt);
    const page = hospitalBudgetSummary(
      answer.state,
      {
        fundId: query.fundId,
        year: query.year,
        sortBy: query.sortBy,
        order: query.order ?? 'desc',
        limit: query.limit ?? DEFAULT_SUMMARY_PAGE,
        offset: query.offset ?? 0,
      },
      businessDate,
    );
    return { asOf: answer.asOf, position: answer.position, businessDate, sortBy: query.sortBy ?? null, order: query.order ?? 'desc', ...page };
  }

  @Get(':fundId/:payeeId/:year/projection')
  async one(@Param() params: HospitalYearParams, @Query() query: ReadQuery) {
    const answer = await this.projections.read(hospitalBudgetsProjection, query);
    const row = answer.state.rows.get(rowKey(params.fundId, params.payeeId, params.year));
    if (row === undefined) {
      throw Problems.notFound('HOSPITAL_YEAR_NOT_FOUND', `no budget events for ${params.payeeId} in fund ${params.fundId}, ${params.year}`, 'payeeId');
    }
    const businessDate = this.dates.of(answer, answer.state.lastRecordedAt);
    return { asOf: answer.asOf, position: answer.position, ...hospitalYearView(row, businessDate) };
  }
}

/** Carry-forward credits per hospital and the over-budget sharing per hospital-year and fund-year. */
@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller()
export class BudgetOutcomesController {
  constructor(private readonly projections: ProjectionRegistry) {}

  @Get('carry-forward/:payeeId')
  async carryForward(@Param() params: PayeeParams, @Query() query: CarryForwardQuery) {
    const answer = await this.projections.read(carryForwardProjection, query);
    return { asOf: answer.asOf, position: answer.position, ...carryForwardView(answer.state, params.payeeId, query.fundId) };
  }

  @Get('over-budget-sharing')
  async overBudgetSharing(@Query() query: OverBudgetSharingQuery) {
    const answer = await this.projections.read(overBudgetSharingProjection, query);
    const view = overBudgetSharingView(answer.state, {
      fundId: query.fundId,
      year: query.year,
      limit: query.limit ?? DEFAULT_SHARING_PAGE,
      offset: query.offset ?? 0,
    });
    return { asOf: answer.asOf, position: answer.position, ...view };
  }
}
