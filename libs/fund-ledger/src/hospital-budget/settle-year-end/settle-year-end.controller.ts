import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CommandEnvelopeFactory, CurrentPrincipal, Roles, WRITE_ROLES, type Principal } from '@ledger/platform';
import { ApiCommand, ApiNotFound, ApiRefused, CommandResultView } from '../../application/openapi';
import { SettleYearEndCommand, type YearEndSettlementResult } from './settle-year-end.command';
import { SettleYearEndRequest } from './settle-year-end.request.dto';

export class CarriedIntoView {
  @ApiProperty({ example: 'budget-EMP-POOLED.H-001.2026' })
  stream!: string;

  @ApiProperty({
    example: '1234',
    nullable: true,
    type: String,
    description: 'Null when nothing was appended (already carried in).',
  })
  position!: string | null;
}

export class YearEndSettlementResultView extends CommandResultView {
  @ApiProperty({
    type: CarriedIntoView,
    description: "The carry-in of the credit and open receivables on the next year's stream.",
  })
  carriedInto!: CarriedIntoView;
}

@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('year-end-settlements')
export class SettleYearEndController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /**
   * Settles a hospital-year (年终考核清算), freezes the fund-year policy and carries the credit and open
   * receivables into the next year. A retry of the same command completes whatever is missing.
   */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.money)
  @ApiCommand(
    'Settle a hospital-year -> BudgetPolicyFrozen (first of the fund-year), YearEndSettled, BalanceCarriedIn (next year)',
    ApiNotFound('FUND_NOT_FOUND, PAYEE_NOT_FOUND'),
    ApiRefused(
      'SCORE_MISSING, QUOTA_NOT_SET, PERIOD_CLOSED (already settled), EFFECTIVE_DATE_OUTSIDE_YEAR (before 1 January of the next year)',
    ),
    ApiCreatedResponse({
      type: YearEndSettlementResultView,
      description: "The settlement's result (replayed = true on a retry) and the carry-in.",
    }),
  )
  settle(
    @Body() request: SettleYearEndRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<YearEndSettlementResult> {
    return this.commands.execute(
      new SettleYearEndCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
