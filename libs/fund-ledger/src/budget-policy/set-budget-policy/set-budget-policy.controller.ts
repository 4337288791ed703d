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
import { SetBudgetPolicyCommand } from './set-budget-policy.command';
import { SetBudgetPolicyRequest } from './set-budget-policy.request.dto';

@ApiTags('budget-policy')
@ApiBearerAuth()
@Controller('budget-policies')
export class SetBudgetPolicyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Changes a fund-year's budget policy until the year's first year-end settlement freezes it. */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.planning)
  @ApiCommand(
    "Set a fund-year's budget policy (changes merged over the policy in force) -> BudgetPolicySet",
    ApiNotFound('FUND_NOT_FOUND'),
    ApiRefused('POLICY_FROZEN: a year-end settlement already applied this policy'),
  )
  set(
    @Body() request: SetBudgetPolicyRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new SetBudgetPolicyCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
