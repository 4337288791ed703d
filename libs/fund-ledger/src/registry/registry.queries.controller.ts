import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiNotFound, ApiRead } from '../application/openapi';
import { RegistryLookups } from '../application/registry-lookups';
import { lastPayableDate } from './agreement.queries';
import type { AgreementState } from './registry.state';
import { AgreementView, FundParams, FundView, PayeeParams, PayeeView } from './registry.queries.dto';

/**
 * The registry as it stands, folded from the fund and payee streams at request time (so a read right
 * after a write sees it). Every role may read: no @Roles.
 */
@ApiTags('registry')
@ApiBearerAuth()
@Controller()
export class RegistryQueriesController {
  constructor(private readonly lookups: RegistryLookups) {}

  @Get('funds/:fundId')
  @ApiRead('A registered fund', FundView, ApiNotFound('FUND_NOT_FOUND'))
  fund(@Param() { fundId }: FundParams): Promise<FundView> {
    return this.lookups.fund(fundId);
  }

  @Get('payees/:payeeId')
  @ApiRead('A payee: its profile and its current agreement with each fund', PayeeView, ApiNotFound('PAYEE_NOT_FOUND'))
  async payee(@Param() { payeeId }: PayeeParams): Promise<PayeeView> {
    const { payee, agreements } = await this.lookups.payee(payeeId);
    return { ...payee, agreements: agreements.map(agreementView) };
  }
}

function agreementView(agreement: AgreementState): AgreementView {
  const { agreementId, fundId, status, validFrom, validTo, suspendedUntil } = agreement;
  return { agreementId, fundId, status, validFrom, validTo, suspendedUntil, lastPayableDate: lastPayableDate(agreement) };
}
