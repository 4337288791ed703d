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
import { SignAgreementCommand } from './sign-agreement.command';
import { SignAgreementRequest } from './sign-agreement.request.dto';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('agreements')
export class SignAgreementController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Signs a service agreement (服务协议) with a fund, or renews the current one. */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.registry)
  @ApiCommand(
    'Sign or renew a service agreement (服务协议) -> AgreementSigned',
    ApiNotFound('FUND_NOT_FOUND, PAYEE_NOT_FOUND'),
    ApiRefused('INVALID_TRANSITION: renewing a suspended or terminated agreement, or backwards in time'),
  )
  sign(
    @Body() request: SignAgreementRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new SignAgreementCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
