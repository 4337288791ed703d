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
import { ApiCommand, ApiRefused } from '../../application/openapi';
import { AssessLiquidatedDamagesCommand } from './assess-liquidated-damages.command';
import { AssessLiquidatedDamagesRequest } from './assess-liquidated-damages.request.dto';

@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('liquidated-damages')
export class AssessLiquidatedDamagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Assesses liquidated damages (违约金) under the service agreement: fund income owed by the hospital. */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.money)
  @ApiCommand(
    'Assess liquidated damages -> LiquidatedDamagesAssessed',
    ApiRefused('PERIOD_CLOSED (effective date not after the closed year), QUOTA_NOT_SET, EFFECTIVE_DATE_OUTSIDE_YEAR'),
  )
  assess(
    @Body() request: AssessLiquidatedDamagesRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new AssessLiquidatedDamagesCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
