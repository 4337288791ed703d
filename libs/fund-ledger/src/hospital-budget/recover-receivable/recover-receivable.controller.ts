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
import { RecoverReceivableCommand } from './recover-receivable.command';
import { RecoverReceivableRequest } from './recover-receivable.request.dto';

@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('receivable-recoveries')
export class RecoverReceivableController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Records the hospital's repayment of what it owes (clawbacks, liquidated damages, year-end balances). */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.money)
  @ApiCommand(
    'Record a receivable repayment -> ReceivableRecovered',
    ApiNotFound('RECEIVABLE_NOT_FOUND'),
    ApiRefused('RECOVERY_EXCEEDS_OUTSTANDING, QUOTA_NOT_SET, PERIOD_CLOSED'),
  )
  recover(
    @Body() request: RecoverReceivableRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new RecoverReceivableCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
