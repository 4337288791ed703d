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
import { ReinstateAgreementCommand } from './reinstate-agreement.command';
import { ReinstateAgreementRequest } from './reinstate-agreement.request.dto';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('agreements')
export class ReinstateAgreementController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Lifts a suspension: settlement under the unchanged agreement resumes. */
  @Post('reinstatements')
  @HttpCode(201)
  @Roles(...WRITE_ROLES.registry)
  @ApiCommand(
    'Lift a suspension -> AgreementReinstated',
    ApiNotFound('PAYEE_NOT_FOUND'),
    ApiRefused('INVALID_TRANSITION: no agreement with the fund, or not in a state this change applies to'),
  )
  reinstate(
    @Body() request: ReinstateAgreementRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new ReinstateAgreementCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
