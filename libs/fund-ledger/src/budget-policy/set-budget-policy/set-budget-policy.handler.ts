import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import type { BudgetPolicy } from '../../shared/budget-policy';
import { RegistryLookups } from '../../registry/registry-lookups';
import { onStream } from '../../application/stream-target';
import { budgetPolicyEvolver } from '../budget-policy.streams';
import { decideSetBudgetPolicy } from './set-budget-policy.decider';
import { POLICY_FIELDS, policyStream } from '../budget-policy.events';
import { SetBudgetPolicyCommand } from './set-budget-policy.command';
import type { BudgetPolicyChangesRequest } from './set-budget-policy.request.dto';

@CommandHandler(SetBudgetPolicyCommand)
export class SetBudgetPolicyHandler implements ICommandHandler<SetBudgetPolicyCommand, CommandResult> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly lookups: RegistryLookups,
  ) {}

  async execute({ envelope, request }: SetBudgetPolicyCommand): Promise<CommandResult> {
    const { fundId, year } = request;
    await this.lookups.fund(fundId);
    return this.pipeline.handle(
      envelope,
      onStream(policyStream(fundId, year), budgetPolicyEvolver, 'SetBudgetPolicy'),
      (state, input) =>
        decideSetBudgetPolicy(
          {
            type: 'SetBudgetPolicy',
            data: { fundId, year, changes: plainChanges(request.changes) },
          },
          state,
          input,
        ),
    );
  }
}

/**
 * The fields the client sent, as plain JSON. The DTO instance declares every field (undefined when
 * absent), and the decider treats a present key as a change, so absent fields must not be keys.
 */
function plainChanges(changes: BudgetPolicyChangesRequest): Partial<BudgetPolicy> {
  const plain: Record<string, unknown> = {};
  for (const field of POLICY_FIELDS) {
    const value = changes[field];
    if (value !== undefined) plain[field] = JSON.parse(JSON.stringify(value)) as unknown;
  }
  return plain as Partial<BudgetPolicy>;
}
