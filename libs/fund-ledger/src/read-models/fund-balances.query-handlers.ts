import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCodes, notFound } from '../shared/domain-error';
import { BusinessDates } from './business-date';
import { fundBalancesAt, fundRowAt } from './durable/fund-balances.read-model';
import { allFundsView, fundYearView } from './fund-balances.views';
import { GetAllFundBalancesQuery, GetFundYearQuery, type AllFundBalancesAnswer, type FundYearAnswer } from './fund-balances.queries';
import { ReadSide } from './read-side.port';

/** The year asked for, else the year of the business date. */
const yearOf = (requested: number | undefined, businessDate: string): number => requested ?? Number(businessDate.slice(0, 4));

@QueryHandler(GetAllFundBalancesQuery)
export class GetAllFundBalancesHandler implements IQueryHandler<GetAllFundBalancesQuery, AllFundBalancesAnswer> {
  constructor(
    private readonly readSide: ReadSide,
    private readonly dates: BusinessDates,
  ) {}

  async execute({ request }: GetAllFundBalancesQuery): Promise<AllFundBalancesAnswer> {
    const point = await this.readSide.point('fund-balances', request);
    const state = await fundBalancesAt(this.readSide.reader('fund-balances'), point);
    const businessDate = this.dates.of(point, point.lastRecordedAt);
    const year = yearOf(request.year, businessDate);
    return { asOf: point.asOf, position: point.position, businessDate, year, ...allFundsView(state, year) };
  }
}

@QueryHandler(GetFundYearQuery)
export class GetFundYearHandler implements IQueryHandler<GetFundYearQuery, FundYearAnswer> {
  constructor(
    private readonly readSide: ReadSide,
    private readonly dates: BusinessDates,
  ) {}

  async execute({ fundId, request }: GetFundYearQuery): Promise<FundYearAnswer> {
    const point = await this.readSide.point('fund-balances', request);
    const row = await fundRowAt(this.readSide.reader('fund-balances'), point, fundId);
    if (row === undefined) throw notFound(ErrorCodes.FUND_NOT_FOUND, `fund ${fundId} has no registration and no postings`, 'fundId');
    const businessDate = this.dates.of(point, point.lastRecordedAt);
    return { asOf: point.asOf, position: point.position, businessDate, view: fundYearView(row, yearOf(request.year, businessDate)) };
  }
}

export const FUND_BALANCES_QUERY_HANDLERS = [GetAllFundBalancesHandler, GetFundYearHandler];
