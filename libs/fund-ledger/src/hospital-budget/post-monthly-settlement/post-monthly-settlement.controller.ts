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
import { PostMonthlySettlementCommand } from './post-monthly-settlement.command';
import { PostMonthlySettlementRequest } from './post-monthly-settlement.request.dto';

@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('settlements')
export class PostMonthlySettlementController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Posts a month's audited claim (按月审核支付): refusals, co-funding split, offsets against prepayments and receivables. */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.money)
  @ApiCommand(
    'Post a monthly settlement -> MonthlySettlementPosted',
    ApiNotFound('FUND_NOT_FOUND (also coFunding.fundId), PAYEE_NOT_FOUND'),
    ApiRefused(
      'REFUSAL_EXCEEDS_CLAIM, MONTH_ALREADY_SETTLED, MONTH_NOT_ENDED, AGREEMENT_INACTIVE, QUOTA_NOT_SET, PERIOD_CLOSED, EFFECTIVE_DATE_OUTSIDE_YEAR',
    ),
  )
  post(
    @Body() request: PostMonthlySettlementRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new PostMonthlySettlementCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
