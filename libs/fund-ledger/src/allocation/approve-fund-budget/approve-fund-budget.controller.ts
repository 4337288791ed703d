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
import { ApproveFundBudgetCommand } from './approve-fund-budget.command';
import { ApproveFundBudgetRequest } from './approve-fund-budget.request.dto';

@ApiTags('allocation')
@ApiBearerAuth()
@Controller('fund-budgets')
export class ApproveFundBudgetController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Approves a fund-year's budget: the total for hospital quotas (以收定支, §3.2 step 1). */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.planning)
  @ApiCommand(
    'Approve the fund-year budget -> FundBudgetApproved on fund-budget-{fundId}-{year} (409 ALREADY_EXISTS for a different second approval)',
    ApiNotFound('FUND_NOT_FOUND'),
    ApiRefused('EFFECTIVE_DATE_OUTSIDE_YEAR'),
  )
  approve(
    @Body() request: ApproveFundBudgetRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new ApproveFundBudgetCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
