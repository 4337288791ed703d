import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { StreamLoader } from '@ledger/platform';
import { RegistryLookups } from '../../registry/registry-lookups';
import { DomainError } from '../../shared/domain-error';
import { PaymentMethodErrorCodes } from '../payment-methods.errors';
import { rateTableStream } from '../rate-table.events';
import { rateTableEvolver } from '../rate-table.state';
import { GetRateTableQuery } from './get-rate-table.query';
import type { RateTableView } from './rate-table.view.dto';

/** Folds the rate-table stream at request time (short: at most MAX_RATE_TABLE_VERSIONS events). */
@QueryHandler(GetRateTableQuery)
export class GetRateTableHandler implements IQueryHandler<GetRateTableQuery, RateTableView> {
  constructor(
    private readonly loader: StreamLoader,
    private readonly lookups: RegistryLookups,
  ) {}

  async execute({ fundId, year, version }: GetRateTableQuery): Promise<RateTableView> {
    await this.lookups.fund(fundId);
    const stream = rateTableStream(fundId, year);
    const { state } = await this.loader.load(stream, rateTableEvolver);
    const table = version === undefined ? state.versions.at(-1) : state.versions[version - 1];
    if (table === undefined) {
      throw new DomainError(
        'not_found',
        PaymentMethodErrorCodes.RATE_TABLE_NOT_SET,
        version === undefined ? `no rate table is set for ${fundId} ${year}` : `the ${year} rate table of ${fundId} has no version ${version}`,
        version === undefined ? 'year' : 'version',
      );
    }
    return {
      fundId,
      year,
      stream,
      version: table.version,
      effectiveFrom: table.effectiveFrom,
      versions: state.versions.map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom, note: v.note })),
      drg: table.drg,
      singleDisease: table.singleDisease,
      perDiem: table.perDiem,
      perCaseCap: table.perCaseCap,
    };
  }
}
