import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiNotFound, ApiRead } from '../application/openapi';
import { RegistryLookups } from '../application/registry-lookups';
import { BudgetPolicyService } from './budget-policy.service';
import { BudgetPolicyInForceView, FundYearParams } from './budget-policy.queries.dto';

/** The budget policy of a fund-year, folded from its stream at request time. Every role may read. */
@ApiTags('budget-policy')
@ApiBearerAuth()
@Controller('budget-policies')
export class BudgetPolicyQueriesController {
  constructor(
    private readonly policies: BudgetPolicyService,
    private readonly lookups: RegistryLookups,
  ) {}

  @Get(':fundId/:year')
  @ApiRead("The policy in force for a fund-year (the default until one is set), its version, and whether it is frozen", BudgetPolicyInForceView, ApiNotFound('FUND_NOT_FOUND'))
  async inForce(@Param() { fundId, year }: FundYearParams): Promise<BudgetPolicyInForceView> {
    // An unknown fund has no policy, not the default one.
    await this.lookups.fund(fundId);
    const { policy, policyVersion, frozen } = await this.policies.inForce(fundId, year);
    return { fundId, year, policyVersion, policy, frozen };
  }
}
