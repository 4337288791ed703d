import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { runBody } from '../allocation-run.body';
import { type AllocationCommitResult, CommitAllocationRunCommand } from './commit-allocation-run.command';
import { CommitAllocationRunRequest } from './commit-allocation-run.request.dto';

@CommandController('allocation', 'allocation-runs')
export class CommitAllocationRunController {
  constructor(private readonly commands: CommandBus) {}

  /**
   * Commits an allocation run (one event on allocation-run-{fundId}-{year}-{methodVersion}), puts it in force
   * and applies it: one SetQuota (or QuotaAdjusted allocation_supersede) per hospital. The answer counts the
   * application; re-sending the same run (any commandId) appends nothing and completes what is missing.
   */
  @CommandEndpoint({
    roles: WRITE_ROLES.planning,
    summary:
      'Commit an allocation run -> AllocationRunCommitted, AllocationRunAdopted, QuotaSet/QuotaAdjusted per hospital',
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND (hospitals[i].payeeId)',
    refused:
      'INVALID_TRANSITION (no approved fund budget; import incomplete; superseded run), QUOTA_EXCEEDED (above the pool, infeasible caps), PERIOD_CLOSED',
  })
  commit(
    @Body() request: CommitAllocationRunRequest,
    @Envelope() envelope: CommandEnvelope,
  ): Promise<AllocationCommitResult> {
    return this.commands.execute(new CommitAllocationRunCommand(envelope, runBody(request)));
  }
}
