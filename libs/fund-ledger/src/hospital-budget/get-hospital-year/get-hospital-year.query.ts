import { Query } from '@nestjs/cqrs';
import type { HospitalBudgetView } from '../hospital-budget.queries.dto';

/** One hospital-year as the write model folds it: live, or as of a global position (null: live). */
export class GetHospitalYearQuery extends Query<HospitalBudgetView> {
  constructor(
    readonly fundId: string,
    readonly payeeId: string,
    readonly year: number,
    readonly asOfPosition: bigint | null,
  ) {
    super();
  }
}
