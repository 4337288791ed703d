import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RegistryLookups } from '../registry/registry-lookups';
import { BudgetPolicyService } from './budget-policy.service';
import type { BudgetPolicyInForceView } from './budget-policy.queries.dto';
import { GetBudgetPolicyInForceQuery } from './budget-policy.queries';

/** The budget policy of a fund-year, folded from its stream at request time. */
@QueryHandler(GetBudgetPolicyInForceQuery)
export class GetBudgetPolicyInForceHandler implements IQueryHandler<GetBudgetPolicyInForceQuery, BudgetPolicyInForceView> {
  constructor(
    private readonly policies: BudgetPolicyService,
    private readonly lookups: RegistryLookups,
  ) {}

  async execute({ fundId, year }: GetBudgetPolicyInForceQuery): Promise<BudgetPolicyInForceView> {
    // An unknown fund has no policy, not the default one.
    await this.lookups.fund(fundId);
    const { policy, policyVersion, frozen } = await this.policies.inForce(fundId, year);
    return { fundId, year, policyVersion, policy, frozen };
  }
}
