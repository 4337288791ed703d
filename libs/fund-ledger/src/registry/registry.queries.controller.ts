import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiNotFound, ApiRead } from '../application/openapi';
import { GetFundQuery, GetPayeeQuery } from './registry.queries';
import { FundParams, FundView, PayeeParams, PayeeView } from './registry.queries.dto';

/** The registry's reads: HTTP in, a query to its handler (registry.query-handlers.ts). Every role may read: no @Roles. */
@ApiTags('registry')
@ApiBearerAuth()
@Controller()
export class RegistryQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('funds/:fundId')
  @ApiRead('A registered fund', FundView, ApiNotFound('FUND_NOT_FOUND'))
  fund(@Param() { fundId }: FundParams): Promise<FundView> {
    return this.queries.execute(new GetFundQuery(fundId));
  }

  @Get('payees/:payeeId')
  @ApiRead('A payee: its profile and its current agreement with each fund', PayeeView, ApiNotFound('PAYEE_NOT_FOUND'))
  payee(@Param() { payeeId }: PayeeParams): Promise<PayeeView> {
    return this.queries.execute(new GetPayeeQuery(payeeId));
  }
}
