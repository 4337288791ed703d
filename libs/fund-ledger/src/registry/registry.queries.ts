import { Query } from '@nestjs/cqrs';
import type { FundView, PayeeView } from './registry.queries.dto';

/** A registered fund (404 FUND_NOT_FOUND otherwise). */
export class GetFundQuery extends Query<FundView> {
  constructor(readonly fundId: string) {
    super();
  }
}

/** A payee's profile and its current agreement with each fund (404 PAYEE_NOT_FOUND otherwise). */
export class GetPayeeQuery extends Query<PayeeView> {
  constructor(readonly payeeId: string) {
    super();
  }
}
