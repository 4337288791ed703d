import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  CommandEnvelopeFactory,
  CurrentPrincipal,
  Roles,
  WRITE_ROLES,
  type CommandResult,
  type Principal,
} from '@ledger/platform';
import { ApiCommand, ApiRefused } from '../../application/openapi';
import { AdjustQuotaCommand } from './adjust-quota.command';
import { AdjustQuotaRequest } from './adjust-quota.request.dto';

@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('quotas/adjustments')
export class AdjustQuotaController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Changes a hospital-year's quota with its reason and inputs (R-BUD-9 increase, R-BUD-11 downgrade). */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.planning)
  @ApiCommand(
    "Adjust a hospital-year's quota -> QuotaAdjusted",
    ApiRefused(
      'QUOTA_NOT_SET, INVALID_QUOTA_ADJUSTMENT (below the cash already paid, wrong direction, credit carried in twice), PERIOD_CLOSED',
    ),
  )
  adjust(
    @Body() request: AdjustQuotaRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(new AdjustQuotaCommand(this.envelopes.fromRequest(http, principal, request), request));
  }
}
