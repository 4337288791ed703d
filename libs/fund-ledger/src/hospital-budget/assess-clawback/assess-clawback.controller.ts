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
import { AssessClawbackCommand } from './assess-clawback.command';
import { AssessClawbackRequest } from './assess-clawback.request.dto';

@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('clawbacks')
export class AssessClawbackController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Takes back money already paid (追回); a late clawback after the year closed posts to the open period, naming its service year. */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.money)
  @ApiCommand(
    'Assess a clawback (in-year or late) -> ClawbackAssessed',
    ApiRefused(
      'PERIOD_CLOSED (effective date not after the closed service year), CLAWBACK_EXCEEDS_APPROVED, QUOTA_NOT_SET, EFFECTIVE_DATE_OUTSIDE_YEAR',
    ),
  )
  assess(
    @Body() request: AssessClawbackRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new AssessClawbackCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
