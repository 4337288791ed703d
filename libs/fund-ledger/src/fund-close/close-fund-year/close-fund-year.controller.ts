import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CommandEnvelopeFactory, CurrentPrincipal, Roles, WRITE_ROLES, type Principal } from '@ledger/platform';
import { ApiCommand, ApiNotFound, ApiRefused } from '../../application/openapi';
import { type ClosedFundYear, CloseFundYearCommand } from './close-fund-year.command';
import { CloseFundYearRequest } from './close-fund-year.request.dto';

@ApiTags('fund-close')
@ApiBearerAuth()
@Controller('fund-closes')
export class CloseFundYearController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /**
   * Year-end close of a fund (年终清算): settles every hospital-year (policy freeze, YearEndSettled, carry-in to
   * next year, each idempotent), then records FundYearClosed with the totals. A closed year answers its report.
   */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.money)
  @ApiCommand(
    'Close a fund-year -> YearEndSettled (+ BalanceCarriedIn) per hospital, FundYearClosed on fund-close-{fundId}-{year}',
    ApiNotFound('FUND_NOT_FOUND'),
    ApiRefused(
      'HOSPITAL_YEARS_NOT_SETTLED (with failures[]), INVALID_TRANSITION (no run in force and no payeeIds), EFFECTIVE_DATE_OUTSIDE_YEAR',
    ),
  )
  close(
    @Body() request: CloseFundYearRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ClosedFundYear> {
    return this.commands.execute(
      new CloseFundYearCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
