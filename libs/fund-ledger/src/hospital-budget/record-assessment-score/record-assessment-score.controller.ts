import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CommandEnvelopeFactory, CurrentPrincipal, Roles, type CommandResult, type Principal } from '@ledger/platform';
import { ApiCommand, ApiNotFound, ApiRefused } from '../../application/openapi';
import { RecordAssessmentScoreCommand } from './record-assessment-score.command';
import { RecordAssessmentScoreRequest } from './record-assessment-score.request.dto';

@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('assessment-scores')
export class RecordAssessmentScoreController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Records the annual assessment score (考核) that returns the withheld deposit at year end. */
  @Post()
  @HttpCode(201)
  @Roles('finance', 'planner')
  @ApiCommand(
    'Record an assessment score -> AssessmentScored',
    ApiNotFound('FUND_NOT_FOUND, PAYEE_NOT_FOUND'),
    ApiRefused('PERIOD_CLOSED, EFFECTIVE_DATE_OUTSIDE_YEAR'),
  )
  record(
    @Body() request: RecordAssessmentScoreRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new RecordAssessmentScoreCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
