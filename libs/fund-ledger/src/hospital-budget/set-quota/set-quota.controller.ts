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
import { ApiCommand, ApiNotFound, ApiRefused } from '../../application/openapi';
import { SetQuotaCommand } from './set-quota.command';
import { SetQuotaRequest } from './set-quota.request.dto';

@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('quotas')
export class SetQuotaController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Sets a hospital's annual global budget (总额预算) for a fund; later changes are adjustments. */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.planning)
  @ApiCommand(
    "Set a hospital-year's quota -> QuotaSet (409 ALREADY_EXISTS when set: adjust it instead)",
    ApiNotFound('FUND_NOT_FOUND, PAYEE_NOT_FOUND'),
    ApiRefused('PERIOD_CLOSED, EFFECTIVE_DATE_OUTSIDE_YEAR'),
  )
  set(
    @Body() request: SetQuotaRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(new SetQuotaCommand(this.envelopes.fromRequest(http, principal, request), request));
  }
}
