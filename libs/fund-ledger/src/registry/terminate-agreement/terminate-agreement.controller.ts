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
import { TerminateAgreementCommand } from './terminate-agreement.command';
import { TerminateAgreementRequest } from './terminate-agreement.request.dto';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('agreements')
export class TerminateAgreementController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Terminates the agreement (解除服务协议); final, a new designation is needed. */
  @Post('terminations')
  @HttpCode(201)
  @Roles(...WRITE_ROLES.registry)
  @ApiCommand(
    'Terminate an agreement, finally (解除服务协议) -> AgreementTerminated',
    ApiNotFound('PAYEE_NOT_FOUND'),
    ApiRefused('INVALID_TRANSITION: no agreement with the fund, or not in a state this change applies to'),
  )
  terminate(
    @Body() request: TerminateAgreementRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new TerminateAgreementCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
