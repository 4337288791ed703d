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
import { CollectContributionCommand } from './collect-contribution.command';
import { CollectContributionRequest } from './collect-contribution.request.dto';

@ApiTags('contributions')
@ApiBearerAuth()
@Controller('contributions')
export class CollectContributionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Books income other than payroll: individual, subsidy, assistance-paid, interest, other. */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.money)
  @ApiCommand(
    'Collect a contribution or other income into a fund -> ContributionCollected',
    ApiNotFound('FUND_NOT_FOUND (fundId or payingFundId)'),
    ApiRefused('FUND_KIND_MISMATCH: assistance_paid needs a resident_pooled fund paid by a medical_assistance fund'),
  )
  collect(
    @Body() request: CollectContributionRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new CollectContributionCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
