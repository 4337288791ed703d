import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PayeeScoped, ReadQuery } from '@ledger/platform';
import {
  GetCarryForwardQuery,
  GetHospitalBudgetSummaryQuery,
  GetHospitalYearProjectionQuery,
  GetOverBudgetSharingQuery,
  type CarryForwardAnswer,
  type HospitalBudgetSummaryAnswer,
  type HospitalYearProjectionAnswer,
  type OverBudgetSharingAnswer,
} from './hospital-budgets.queries';
import {
  CarryForwardQuery,
  HospitalBudgetSummaryQuery,
  HospitalYearParams,
  OverBudgetSharingQuery,
  PayeeParams,
} from './read-model.dtos';
import { ApiRead } from '../application/openapi';
import { CarryForwardView, HospitalBudgetSummaryView, HospitalYearProjectionView, OverBudgetSharingView } from './hospital-budgets.response.dto';

/**
 * The hospital global budgets as the read side folds them: a sortable summary of hospital-years and one
 * hospital-year in full (the write model's own view is GET /hospital-budgets/:fundId/:payeeId/:year).
 * Readable by every role; every read accepts asOf, minPosition and waitMs.
 */
@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('hospital-budgets')
export class HospitalBudgetsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('summary')
  @ApiRead('Hospital-years with quota, execution and run-rate warning, sortable and paged (limit/offset, with total)', HospitalBudgetSummaryView)
  summary(@Query() query: HospitalBudgetSummaryQuery): Promise<HospitalBudgetSummaryAnswer> {
    return this.queries.execute(new GetHospitalBudgetSummaryQuery(query));
  }

  @Get(':fundId/:payeeId/:year/projection')
  @PayeeScoped()
  @ApiRead('One hospital-year as the read side folds it: quota, prepayments, settlements, clawbacks, penalties, receivables, year end, execution', HospitalYearProjectionView)
  one(@Param() params: HospitalYearParams, @Query() query: ReadQuery): Promise<HospitalYearProjectionAnswer> {
    return this.queries.execute(new GetHospitalYearProjectionQuery(params, query));
  }
}

/** Carry-forward credits per hospital and the over-budget sharing per hospital-year and fund-year. */
@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller()
export class BudgetOutcomesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('carry-forward/:payeeId')
  @PayeeScoped()
  @ApiRead("A hospital's carry-forward credits per fund: earned, applied, expired, pending", CarryForwardView)
  carryForward(@Param() params: PayeeParams, @Query() query: CarryForwardQuery): Promise<CarryForwardAnswer> {
    return this.queries.execute(new GetCarryForwardQuery(params.payeeId, query));
  }

  @Get('over-budget-sharing')
  @ApiRead('Over-budget sharing (超支分担): per fund-year totals and per hospital-year tier splits, paged', OverBudgetSharingView)
  overBudgetSharing(@Query() query: OverBudgetSharingQuery): Promise<OverBudgetSharingAnswer> {
    return this.queries.execute(new GetOverBudgetSharingQuery(query));
  }
}
