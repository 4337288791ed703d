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
import { SetContributionRatesCommand } from './set-contribution-rates.command';
import { SetContributionRatesRequest } from './set-contribution-rates.request.dto';

@ApiTags('contributions')
@ApiBearerAuth()
@Controller('contribution-rates')
export class SetContributionRatesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Sets a new version of an employee pool's rates for a year; later payroll collections use it. */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.money)
  @ApiCommand(
    "Set an employee pool's contribution rates for a year -> ContributionRatesSet",
    ApiNotFound('FUND_NOT_FOUND'),
    ApiRefused('FUND_KIND_MISMATCH: a fund is not of the kind its role needs'),
  )
  set(
    @Body() request: SetContributionRatesRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new SetContributionRatesCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
