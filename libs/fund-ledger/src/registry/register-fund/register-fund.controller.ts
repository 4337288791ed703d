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
import { RegisterFundCommand } from './register-fund.command';
import { RegisterFundRequest } from './register-fund.request.dto';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('funds')
export class RegisterFundController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Registers a fund (统筹基金, 个人账户, 居民医保, 医疗救助, 生育). */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.registry)
  @ApiCommand('Register a fund -> FundRegistered')
  register(
    @Body() request: RegisterFundRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new RegisterFundCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
