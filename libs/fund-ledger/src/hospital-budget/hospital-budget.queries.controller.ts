import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PayeeScoped } from '@ledger/platform';
import { ApiNotFound, ApiRead } from '../application/openapi';
import { GetHospitalYearEventsQuery } from './get-hospital-year-events/get-hospital-year-events.query';
import { GetHospitalYearQuery } from './get-hospital-year/get-hospital-year.query';
import { HOSPITAL_YEAR_NOT_FOUND } from './get-hospital-year/hospital-year-not-found';
import {
  HospitalBudgetEventsQuery,
  HospitalBudgetEventsView,
  HospitalBudgetParams,
  HospitalBudgetQuery,
  HospitalBudgetView,
} from './hospital-budget.queries.dto';

export { HOSPITAL_YEAR_NOT_FOUND } from './get-hospital-year/hospital-year-not-found';

const DEFAULT_EVENTS_PAGE = 100;

/**
 * The write model's reads of one hospital-year: HTTP in, a query to its handler, the view out. Readable by
 * every role, the auditor included (no @Roles); a hospital token only for its own payee (@PayeeScoped).
 */
@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('hospital-budgets')
export class HospitalBudgetQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':fundId/:payeeId/:year')
  @PayeeScoped()
  @ApiRead(
    'One hospital-year: quota, prepayments, settlements, clawbacks, penalties, receivables, score and year end; asOfPosition folds only the events up to it',
    HospitalBudgetView,
    ApiNotFound(`${HOSPITAL_YEAR_NOT_FOUND}: no budget events (up to asOfPosition)`),
  )
  hospitalYear(@Param() { fundId, payeeId, year }: HospitalBudgetParams, @Query() query: HospitalBudgetQuery): Promise<HospitalBudgetView> {
    const asOf = query.asOfPosition === undefined ? null : BigInt(query.asOfPosition);
    return this.queries.execute(new GetHospitalYearQuery(fundId, payeeId, year, asOf));
  }

  @Get(':fundId/:payeeId/:year/events')
  @PayeeScoped()
  @ApiRead(
    "One hospital-year's events with their metadata, a page at a time",
    HospitalBudgetEventsView,
    ApiNotFound(`${HOSPITAL_YEAR_NOT_FOUND}: the stream has no events`),
  )
  hospitalYearEvents(
    @Param() { fundId, payeeId, year }: HospitalBudgetParams,
    @Query() query: HospitalBudgetEventsQuery,
  ): Promise<HospitalBudgetEventsView> {
    const fromRevision = BigInt(query.fromRevision ?? '0');
    return this.queries.execute(new GetHospitalYearEventsQuery(fundId, payeeId, year, fromRevision, query.limit ?? DEFAULT_EVENTS_PAGE));
  }
}
