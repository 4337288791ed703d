import { Injectable } from '@nestjs/common';
import {
  CommandPipeline,
  StreamLoader,
  type CommandEnvelope,
  type CommandResult,
  type LoadedStream,
} from '@ledger/platform';
import type { PolicySnapshot } from '../shared/budget-policy';
import { onStream } from '../application/stream-target';
import { budgetPolicyEvolver } from './budget-policy.streams';
import { decideFreezePolicy, type FreezePolicy } from './freeze-policy/freeze-policy.decider';
import { policyStream } from './budget-policy.events';
import { policySnapshot, type BudgetPolicyState } from './budget-policy.state';

export interface BudgetPolicyInForce extends PolicySnapshot {
  readonly frozen: BudgetPolicyState['frozen'];
}

/**
 * The budget policy as other use cases need it: the year-end settlement reads the snapshot it applies
 * and freezes the policy. Freezing has no endpoint: only a settlement may freeze, never a client.
 */
@Injectable()
export class BudgetPolicyService {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly loader: StreamLoader,
  ) {}

  /** The policy in force for the fund-year and its version ('default' when never set). */
  async snapshot(fundId: string, year: number): Promise<PolicySnapshot> {
    return this.snapshotOf(await this.load(fundId, year));
  }

  /** The snapshot and whether (and by which settlement) the policy is frozen. */
  async inForce(fundId: string, year: number): Promise<BudgetPolicyInForce> {
    const loaded = await this.load(fundId, year);
    return { ...this.snapshotOf(loaded), frozen: loaded.state.frozen };
  }

  /**
   * Freezes the fund-year's policy for the settlement stream `settledStream`. Idempotent: every
   * hospital's year-end settlement may ask, only the first appends BudgetPolicyFrozen. The envelope
   * comes from the settlement (its commandId makes a retried settlement's freeze a replay).
   */
  freezeForYearEnd(
    fundId: string,
    year: number,
    settledStream: string,
    envelope: CommandEnvelope,
  ): Promise<CommandResult> {
    const command: FreezePolicy = {
      type: 'FreezePolicy',
      data: { fundId, year, reason: 'first_year_end_settlement', settledStream },
    };
    return this.pipeline.handle(
      envelope,
      onStream(policyStream(fundId, year), budgetPolicyEvolver, command.type),
      (state, input) => decideFreezePolicy(command, state, input),
    );
  }

  private load(fundId: string, year: number): Promise<LoadedStream<BudgetPolicyState>> {
    return this.loader.load(policyStream(fundId, year), budgetPolicyEvolver);
  }

  private snapshotOf({ state, revision }: LoadedStream<BudgetPolicyState>): PolicySnapshot {
    return policySnapshot(state, revision < 0n ? null : revision);
  }
}
