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
import { SuspendAgreementCommand } from './suspend-agreement.command';
import { SuspendAgreementRequest } from './suspend-agreement.request.dto';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('agreements')
export class SuspendAgreementController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Suspends settlement under the active agreement (暂停结算) from the effective date. */
  @Post('suspensions')
  @HttpCode(201)
  @Roles(...WRITE_ROLES.registry)
  @ApiCommand(
    'Suspend settlement under an active agreement (暂停协议) -> AgreementSuspended',
    ApiNotFound('PAYEE_NOT_FOUND'),
    ApiRefused('INVALID_TRANSITION: no agreement with the fund, or not in a state this change applies to'),
  )
  suspend(
    @Body() request: SuspendAgreementRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new SuspendAgreementCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
