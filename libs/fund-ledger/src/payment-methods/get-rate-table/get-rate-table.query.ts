import { Query } from '@nestjs/cqrs';
import type { RateTableView } from './rate-table.view.dto';

/** A fund-year's rate table: the version asked for, else the latest, with the list of every version. */
export class GetRateTableQuery extends Query<RateTableView> {
  constructor(
    readonly fundId: string,
    readonly year: number,
    readonly version: number | undefined,
  ) {
    super();
  }
}
