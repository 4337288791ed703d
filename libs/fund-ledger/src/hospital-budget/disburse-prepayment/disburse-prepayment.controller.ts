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
import { DisbursePrepaymentCommand } from './disburse-prepayment.command';
import { DisbursePrepaymentRequest } from './disburse-prepayment.request.dto';

@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('prepayments')
export class DisbursePrepaymentController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Advances one month of the budget (预付), withholding the policy's quality deposit (质量保证金). */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.money)
  @ApiCommand(
    'Disburse a monthly prepayment -> PrepaymentDisbursed',
    ApiNotFound('FUND_NOT_FOUND, PAYEE_NOT_FOUND'),
    ApiRefused(
      'QUOTA_EXCEEDED (超总控), MONTH_ALREADY_PREPAID, AGREEMENT_INACTIVE, QUOTA_NOT_SET, PERIOD_CLOSED, EFFECTIVE_DATE_OUTSIDE_YEAR',
    ),
  )
  disburse(
    @Body() request: DisbursePrepaymentRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new DisbursePrepaymentCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
