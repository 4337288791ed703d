import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiNotFound, ApiProblem, ApiRead } from '../../application/openapi';
import { AllocationPreviewView } from '../allocation.response.dto';
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
  @ApiRead(
    'Preview an allocation run: the table (inputs, exact share, quota per hospital), totals, and the commit check; no write',
    AllocationPreviewView,
    ApiProblem(403, 'FORBIDDEN: planners (and admin) only.'),
    ApiProblem(413, 'BODY_TOO_LARGE'),
    ApiNotFound('FUND_NOT_FOUND, PAYEE_NOT_FOUND'),
    ApiProblem(422, 'QUOTA_EXCEEDED and other refusals of the inputs themselves (a commit refusal is commit.refusal in the 200).'),
  )
  preview(
    @Body() request: AllocationRunInputsRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AllocationPreview> {
    return this.queries.execute(new PreviewAllocationRunQuery(runBody(request), principal));
  }
}
