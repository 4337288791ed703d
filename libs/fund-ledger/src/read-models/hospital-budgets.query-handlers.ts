import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { hospitalYearNotFound } from '../hospital-budget/get-hospital-year/hospital-year-not-found';
import { BusinessDates } from './business-date';
import { carryForwardProjection, carryForwardView } from './carry-forward.projection';
import { overBudgetSharingProjection, overBudgetSharingView } from './over-budget-sharing.projection';
import { ProjectionRegistry } from './projection-registry';
import { hospitalBudgetsProjection } from './hospital-budgets.projection';
import { rowKey } from './hospital-budgets.rows';
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
    private readonly projections: ProjectionRegistry,
    private readonly dates: BusinessDates,
  ) {}

  async execute({ request }: GetHospitalBudgetSummaryQuery): Promise<HospitalBudgetSummaryAnswer> {
    const answer = await this.projections.read(hospitalBudgetsProjection, request);
    const businessDate = this.dates.of(answer, answer.state.lastRecordedAt);
    const order = request.order ?? 'desc';
    const page = hospitalBudgetSummary(
      answer.state,
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
    return { asOf: answer.asOf, position: answer.position, businessDate, sortBy: request.sortBy ?? null, order, ...page };
  }
}

@QueryHandler(GetHospitalYearProjectionQuery)
export class GetHospitalYearProjectionHandler implements IQueryHandler<GetHospitalYearProjectionQuery, HospitalYearProjectionAnswer> {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly dates: BusinessDates,
  ) {}

  async execute({ hospitalYear: { fundId, payeeId, year }, read }: GetHospitalYearProjectionQuery): Promise<HospitalYearProjectionAnswer> {
    const answer = await this.projections.read(hospitalBudgetsProjection, read);
    const row = answer.state.rows.get(rowKey(fundId, payeeId, year));
    if (row === undefined) throw hospitalYearNotFound(fundId, payeeId, year);
    const businessDate = this.dates.of(answer, answer.state.lastRecordedAt);
    return { asOf: answer.asOf, position: answer.position, ...hospitalYearView(row, businessDate) };
  }
}

@QueryHandler(GetCarryForwardQuery)
export class GetCarryForwardHandler implements IQueryHandler<GetCarryForwardQuery, CarryForwardAnswer> {
  constructor(private readonly projections: ProjectionRegistry) {}

  async execute({ payeeId, request }: GetCarryForwardQuery): Promise<CarryForwardAnswer> {
    const answer = await this.projections.read(carryForwardProjection, request);
    return { asOf: answer.asOf, position: answer.position, ...carryForwardView(answer.state, payeeId, request.fundId) };
  }
}

@QueryHandler(GetOverBudgetSharingQuery)
export class GetOverBudgetSharingHandler implements IQueryHandler<GetOverBudgetSharingQuery, OverBudgetSharingAnswer> {
  constructor(private readonly projections: ProjectionRegistry) {}

  async execute({ request }: GetOverBudgetSharingQuery): Promise<OverBudgetSharingAnswer> {
    const answer = await this.projections.read(overBudgetSharingProjection, request);
    const view = overBudgetSharingView(answer.state, {
      fundId: request.fundId,
      year: request.year,
      limit: request.limit ?? DEFAULT_SHARING_PAGE,
      offset: request.offset ?? 0,
    });
    return { asOf: answer.asOf, position: answer.position, ...view };
  }
}

export const HOSPITAL_BUDGETS_QUERY_HANDLERS = [
  GetHospitalBudgetSummaryHandler,
  GetHospitalYearProjectionHandler,
  GetCarryForwardHandler,
  GetOverBudgetSharingHandler,
];
