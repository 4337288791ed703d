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
import { ApiCommand } from '../../application/openapi';
import { RegisterPayeeCommand } from './register-payee.command';
import { RegisterPayeeRequest } from './register-payee.request.dto';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('payees')
export class RegisterPayeeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Registers a designated institution (两定机构: hospital, clinic, pharmacy). */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.registry)
  @ApiCommand('Register a payee (定点医疗机构/定点零售药店) -> PayeeRegistered')
  register(
    @Body() request: RegisterPayeeRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new RegisterPayeeCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
