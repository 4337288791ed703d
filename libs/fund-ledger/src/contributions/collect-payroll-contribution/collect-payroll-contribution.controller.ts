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
import { CollectPayrollContributionCommand } from './collect-payroll-contribution.command';
import { CollectPayrollContributionRequest } from './collect-payroll-contribution.request.dto';

@ApiTags('contributions')
@ApiBearerAuth()
@Controller('contributions')
export class CollectPayrollContributionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Books an employer's monthly payroll contribution, split to the pooled, personal and maternity funds. */
  @Post('payroll')
  @HttpCode(201)
  @Roles(...WRITE_ROLES.money)
  @ApiCommand(
    "Collect an employer's monthly payroll contribution (WE-7 split) -> PayrollContributionCollected",
    ApiNotFound('FUND_NOT_FOUND'),
    ApiRefused("RATES_NOT_SET: no contribution rates for the pool and the period's year"),
  )
  collect(
    @Body() request: CollectPayrollContributionRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new CollectPayrollContributionCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
