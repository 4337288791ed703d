import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { lastPayableDate } from './agreement.queries';
import { RegistryLookups } from './registry-lookups';
import type { AgreementView, FundView, PayeeView } from './registry.queries.dto';
import { GetFundQuery, GetPayeeQuery } from './registry.queries';
import type { AgreementState } from './registry.state';

/**
 * The registry as it stands, folded from the fund and payee streams at request time (so a read right
 * after a write sees it), through the same lookups the commands use.
 */
@QueryHandler(GetFundQuery)
export class GetFundHandler implements IQueryHandler<GetFundQuery, FundView> {
  constructor(private readonly lookups: RegistryLookups) {}

  execute({ fundId }: GetFundQuery): Promise<FundView> {
    return this.lookups.fund(fundId);
  }
}

@QueryHandler(GetPayeeQuery)
export class GetPayeeHandler implements IQueryHandler<GetPayeeQuery, PayeeView> {
  constructor(private readonly lookups: RegistryLookups) {}

  async execute({ payeeId }: GetPayeeQuery): Promise<PayeeView> {
    const { payee, agreements } = await this.lookups.payee(payeeId);
    return { ...payee, agreements: agreements.map(agreementView) };
  }
}

function agreementView(agreement: AgreementState): AgreementView {
  const { agreementId, fundId, status, validFrom, validTo, suspendedUntil } = agreement;
  return { agreementId, fundId, status, validFrom, validTo, suspendedUntil, lastPayableDate: lastPayableDate(agreement) };
}
