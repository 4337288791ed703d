import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCodes, notFound } from '../shared/domain-error';
import { BusinessDates } from './business-date';
import { fundBalancesProjection } from './fund-balances.projection';
import { allFundsView, fundYearView } from './fund-balances.views';
import { GetAllFundBalancesQuery, GetFundYearQuery, type AllFundBalancesAnswer, type FundYearAnswer } from './fund-balances.queries';
import { ProjectionRegistry } from './projection-registry';

/** The year asked for, else the year of the business date. */
const yearOf = (requested: number | undefined, businessDate: string): number => requested ?? Number(businessDate.slice(0, 4));

@QueryHandler(GetAllFundBalancesQuery)
export class GetAllFundBalancesHandler implements IQueryHandler<GetAllFundBalancesQuery, AllFundBalancesAnswer> {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly dates: BusinessDates,
  ) {}

  async execute({ request }: GetAllFundBalancesQuery): Promise<AllFundBalancesAnswer> {
    const answer = await this.projections.read(fundBalancesProjection, request);
    const businessDate = this.dates.of(answer, answer.state.lastRecordedAt);
    const year = yearOf(request.year, businessDate);
    return { asOf: answer.asOf, position: answer.position, businessDate, year, ...allFundsView(answer.state, year) };
  }
}

@QueryHandler(GetFundYearQuery)
export class GetFundYearHandler implements IQueryHandler<GetFundYearQuery, FundYearAnswer> {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly dates: BusinessDates,
  ) {}

  async execute({ fundId, request }: GetFundYearQuery): Promise<FundYearAnswer> {
    const answer = await this.projections.read(fundBalancesProjection, request);
    const row = answer.state.funds.get(fundId);
    if (row === undefined) throw notFound(ErrorCodes.FUND_NOT_FOUND, `fund ${fundId} has no registration and no postings`, 'fundId');
    const businessDate = this.dates.of(answer, answer.state.lastRecordedAt);
    return { asOf: answer.asOf, position: answer.position, businessDate, view: fundYearView(row, yearOf(request.year, businessDate)) };
  }
}

export const FUND_BALANCES_QUERY_HANDLERS = [GetAllFundBalancesHandler, GetFundYearHandler];
