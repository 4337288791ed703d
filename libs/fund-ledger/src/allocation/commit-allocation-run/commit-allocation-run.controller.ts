import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CommandEnvelopeFactory, CurrentPrincipal, Roles, WRITE_ROLES, type Principal } from '@ledger/platform';
import { ApiCommand, ApiNotFound, ApiRefused } from '../../application/openapi';
import type { AllocationCommitResult } from '../allocation-run.service';
import { CommitAllocationRunCommand } from './commit-allocation-run.command';
import { CommitAllocationRunRequest } from './commit-allocation-run.request.dto';

@ApiTags('allocation')
@ApiBearerAuth()
@Controller('allocation-runs')
export class CommitAllocationRunController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /**
   * Commits an allocation run (one event on allocation-run-{fundId}-{year}-{methodVersion}), puts it in force
   * and applies it: one SetQuota (or QuotaAdjusted allocation_supersede) per hospital. The answer counts the
   * application; re-sending the same run (any commandId) appends nothing and completes what is missing.
   */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.planning)
  @ApiCommand(
    'Commit an allocation run -> AllocationRunCommitted, AllocationRunAdopted, QuotaSet/QuotaAdjusted per hospital',
    ApiNotFound('FUND_NOT_FOUND, PAYEE_NOT_FOUND (hospitals[i].payeeId)'),
    ApiRefused(
      'INVALID_TRANSITION (no approved fund budget; import incomplete; superseded run), QUOTA_EXCEEDED (above the pool, infeasible caps), PERIOD_CLOSED',
    ),
  )
  commit(
    @Body() request: CommitAllocationRunRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AllocationCommitResult> {
    return this.commands.execute(
      new CommitAllocationRunCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
