import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ReadQuery } from '@ledger/platform';
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
  summary(@Query() query: HospitalBudgetSummaryQuery): Promise<HospitalBudgetSummaryAnswer> {
    return this.queries.execute(new GetHospitalBudgetSummaryQuery(query));
  }

  @Get(':fundId/:payeeId/:year/projection')
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
  carryForward(@Param() params: PayeeParams, @Query() query: CarryForwardQuery): Promise<CarryForwardAnswer> {
    return this.queries.execute(new GetCarryForwardQuery(params.payeeId, query));
  }

  @Get('over-budget-sharing')
  overBudgetSharing(@Query() query: OverBudgetSharingQuery): Promise<OverBudgetSharingAnswer> {
    return this.queries.execute(new GetOverBudgetSharingQuery(query));
  }
}
