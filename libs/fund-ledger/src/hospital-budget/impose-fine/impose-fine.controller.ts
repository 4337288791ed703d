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
import { ImposeFineCommand } from './impose-fine.command';
import { ImposeFineRequest } from './impose-fine.request.dto';

@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('fines')
export class ImposeFineController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Records an administrative fine (罚款): owed to the treasury, never fund income. */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.money)
  @ApiCommand(
    'Impose an administrative fine -> FineImposed',
    ApiRefused('PERIOD_CLOSED (effective date not after the closed year), QUOTA_NOT_SET, EFFECTIVE_DATE_OUTSIDE_YEAR'),
  )
  impose(
    @Body() request: ImposeFineRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(new ImposeFineCommand(this.envelopes.fromRequest(http, principal, request), request));
  }
}
