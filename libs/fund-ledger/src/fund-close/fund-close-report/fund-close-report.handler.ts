import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RegistryLookups } from '../../registry/registry-lookups';
import { DomainError } from '../../shared/domain-error';
import { type FundCloseReport, FundCloseReads } from '../fund-close.report';
import { FUND_YEAR_NOT_CLOSED, FundCloseReportQuery } from './fund-close-report.query';

@QueryHandler(FundCloseReportQuery)
export class FundCloseReportHandler implements IQueryHandler<FundCloseReportQuery, FundCloseReport> {
  constructor(
    private readonly reads: FundCloseReads,
    private readonly lookups: RegistryLookups,
  ) {}

  async execute({ fundId, year }: FundCloseReportQuery): Promise<FundCloseReport> {
    await this.lookups.fund(fundId);
    const report = await this.reads.closedYear(fundId, year);
    if (report === null)
      throw new DomainError(
        'not_found',
        FUND_YEAR_NOT_CLOSED,
        `the ${year} year of fund ${fundId} is not closed`,
        'year',
      );
    return report;
  }
}
