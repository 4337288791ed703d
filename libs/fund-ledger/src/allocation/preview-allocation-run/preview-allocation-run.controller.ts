import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, WRITE_ROLES, type Principal } from '@ledger/platform';
import { AllocationRunInputsRequest } from '../allocation.request.dto';
import { runBody } from '../allocation-run.body';
import { type AllocationPreview, PreviewAllocationRunQuery } from './preview-allocation-run.query';

@ApiTags('allocation')
@ApiBearerAuth()
@Controller('allocation-runs/preview')
export class PreviewAllocationRunController {
  constructor(private readonly queries: QueryBus) {}

  /** Computes the run these inputs make, line by line, and what a commit would meet; writes nothing. */
  @Post()
  @HttpCode(200)
  @Roles(...WRITE_ROLES.planning)
  @ApiOperation({
    summary:
      'Preview an allocation run: the table (inputs, exact share, quota per hospital), totals, and the commit check; no write',
  })
  @ApiOkResponse({
    description: 'The run as it would be committed, with commit.refusal when a commit would be refused.',
  })
  preview(
    @Body() request: AllocationRunInputsRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AllocationPreview> {
    return this.queries.execute(new PreviewAllocationRunQuery(runBody(request), principal));
  }
}
