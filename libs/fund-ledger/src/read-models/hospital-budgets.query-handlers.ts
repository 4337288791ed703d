import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '@ledger/platform';
import { hospitalYearNotFound } from '../hospital-budget/get-hospital-year/hospital-year-not-found';
import { BusinessDates } from './business-date';
import { carryForwardView } from './carry-forward.projection';
import { carryForwardAt } from './durable/carry-forward.read-model';
import { hospitalYearAt, hospitalYearAtInstant, selectedRows } from './durable/hospital-budgets.read-model';
import { sharingRowsAt } from './durable/over-budget-sharing.read-model';
import { overBudgetSharingView } from './over-budget-sharing.projection';
import { ReadSide } from './read-side.port';
import { hospitalBudgetSummary } from './hospital-budgets.summary';
import { hospitalYearView } from './hospital-budgets.views';
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

const DEFAULT_SUMMARY_PAGE = 50;
const DEFAULT_SHARING_PAGE = 100;

@QueryHandler(GetHospitalBudgetSummaryQuery)
export class GetHospitalBudgetSummaryHandler implements IQueryHandler<GetHospitalBudgetSummaryQuery, HospitalBudgetSummaryAnswer> {
  constructor(
    private readonly readSide: ReadSide,
    private readonly dates: BusinessDates,
  ) {}

  async execute({ request }: GetHospitalBudgetSummaryQuery): Promise<HospitalBudgetSummaryAnswer> {
    const point = await this.readSide.point('hospital-budgets', request);
    const state = await selectedRows(this.readSide.reader('hospital-budgets'), point, { fundId: request.fundId, year: request.year });
    const businessDate = this.dates.of(point, point.lastRecordedAt);
    const order = request.order ?? 'desc';
    const page = hospitalBudgetSummary(
      state,
      {
        fundId: request.fundId,
        year: request.year,
        sortBy: request.sortBy,
        order,
        limit: request.limit ?? DEFAULT_SUMMARY_PAGE,
        offset: request.offset ?? 0,
      },
      businessDate,
    );
    return { asOf: point.asOf, position: point.position, businessDate, sortBy: request.sortBy ?? null, order, ...page };
  }
}

@QueryHandler(GetHospitalYearProjectionQuery)
export class GetHospitalYearProjectionHandler implements IQueryHandler<GetHospitalYearProjectionQuery, HospitalYearProjectionAnswer> {
  constructor(
    private readonly readSide: ReadSide,
    private readonly dates: BusinessDates,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async execute({ hospitalYear: { fundId, payeeId, year }, read }: GetHospitalYearProjectionQuery): Promise<HospitalYearProjectionAnswer> {
    const point = await this.readSide.point('hospital-budgets', read);
    const reader = this.readSide.reader('hospital-budgets');
    // As of an instant: the hospital's own events filtered by recorded time (see hospitalYearAtInstant).
    const row =
      'recordedAt' in point.at
        ? (await hospitalYearAtInstant(this.events, reader, { fundId, payeeId, year }, point.at.recordedAt)).row
        : await hospitalYearAt(reader, point, fundId, payeeId, year);
    if (row === undefined) throw hospitalYearNotFound(fundId, payeeId, year);
    const businessDate = this.dates.of(point, point.lastRecordedAt);
    return { asOf: point.asOf, position: point.position, ...hospitalYearView(row, businessDate) };
  }
}

@QueryHandler(GetCarryForwardQuery)
export class GetCarryForwardHandler implements IQueryHandler<GetCarryForwardQuery, CarryForwardAnswer> {
  constructor(private readonly readSide: ReadSide) {}

  async execute({ payeeId, request }: GetCarryForwardQuery): Promise<CarryForwardAnswer> {
    const point = await this.readSide.point('carry-forward', request);
    const state = await carryForwardAt(this.readSide.reader('carry-forward'), point, payeeId, request.fundId);
    return { asOf: point.asOf, position: point.position, ...carryForwardView(state, payeeId, request.fundId) };
  }
}

@QueryHandler(GetOverBudgetSharingQuery)
export class GetOverBudgetSharingHandler implements IQueryHandler<GetOverBudgetSharingQuery, OverBudgetSharingAnswer> {
  constructor(private readonly readSide: ReadSide) {}

  async execute({ request }: GetOverBudgetSharingQuery): Promise<OverBudgetSharingAnswer> {
    const point = await this.readSide.point('over-budget-sharing', request);
    const state = await sharingRowsAt(this.readSide.reader('over-budget-sharing'), point, { fundId: request.fundId, year: request.year });
    const view = overBudgetSharingView(state, {
      fundId: request.fundId,
      year: request.year,
      limit: request.limit ?? DEFAULT_SHARING_PAGE,
      offset: request.offset ?? 0,
    });
    return { asOf: point.asOf, position: point.position, ...view };
  }
}

export const HOSPITAL_BUDGETS_QUERY_HANDLERS = [
  GetHospitalBudgetSummaryHandler,
  GetHospitalYearProjectionHandler,
  GetCarryForwardHandler,
  GetOverBudgetSharingHandler,
];
