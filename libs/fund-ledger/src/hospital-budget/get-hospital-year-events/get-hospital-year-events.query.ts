import { Query } from '@nestjs/cqrs';
import type { HospitalBudgetEventsView } from '../hospital-budget.queries.dto';

/** One page of a hospital-year's events with their metadata, from `fromRevision`. */
export class GetHospitalYearEventsQuery extends Query<HospitalBudgetEventsView> {
  constructor(
    readonly fundId: string,
    readonly payeeId: string,
    readonly year: number,
    readonly fromRevision: bigint,
    readonly limit: number,
  ) {
    super();
  }
}
