import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CommandEnvelopeFactory, CurrentPrincipal, Roles, WRITE_ROLES, type Principal } from '@ledger/platform';
import { ApiCommand, ApiNotFound, ApiRefused } from '../../application/openapi';
import type { ImportAnswer } from '../allocation-run.service';
import { ImportAllocationInputsCommand } from './import-allocation-inputs.command';
import { ImportAllocationInputsRequest } from './import-allocation-inputs.request.dto';

@ApiTags('allocation')
@ApiBearerAuth()
@Controller('allocation-runs/history-imports')
export class ImportAllocationInputsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  /** Stores one chunk of allocation inputs on allocation-history-{fundId}-{year}; the answer says whether the import is complete. */
  @Post()
  @HttpCode(201)
  @Roles(...WRITE_ROLES.planning)
  @ApiCommand(
    'Import a chunk of allocation inputs (≤ 1,000 hospitals) -> AllocationInputsImported',
    ApiNotFound('FUND_NOT_FOUND, PAYEE_NOT_FOUND (records[i].payeeId)'),
    ApiRefused('INVALID_TRANSITION (another chunk count for the import)'),
  )
  import(
    @Body() request: ImportAllocationInputsRequest,
    @Req() http: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportAnswer> {
    return this.commands.execute(
      new ImportAllocationInputsCommand(this.envelopes.fromRequest(http, principal, request), request),
    );
  }
}
