import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiNotFound, ApiRead } from '../application/openapi';
import { BudgetPolicyInForceView, FundYearParams } from './budget-policy.queries.dto';
import { GetBudgetPolicyInForceQuery } from './budget-policy.queries';

/** The budget policy of a fund-year: HTTP in, a query to its handler. Every role may read. */
@ApiTags('budget-policy')
@ApiBearerAuth()
@Controller('budget-policies')
export class BudgetPolicyQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':fundId/:year')
  @ApiRead("The policy in force for a fund-year (the default until one is set), its version, and whether it is frozen", BudgetPolicyInForceView, ApiNotFound('FUND_NOT_FOUND'))
  inForce(@Param() { fundId, year }: FundYearParams): Promise<BudgetPolicyInForceView> {
    return this.queries.execute(new GetBudgetPolicyInForceQuery(fundId, year));
  }
}
