import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ReadQuery, Roles } from '@ledger/platform';
import type { ProjectionStatus } from '@ledger/projections';
import { ApiNotFound, ApiProblem, ApiRead } from '../application/openapi';
import { ID_PATTERN } from '../registry/field-rules';
import { AccountsView, ProjectionStatusView, ProjectionsView, TrialBalanceView } from './journal.response.dto';
import {
  GetAccountsQuery,
  GetProjectionStatusesQuery,
  GetTrialBalanceQuery,
  RebuildProjectionCommand,
  type AccountsAnswer,
  type TrialBalanceAnswer,
} from './journal.queries';

export class AccountsQuery extends ReadQuery {
  @IsOptional()
  @Matches(ID_PATTERN)
  fundId?: string;
}

/** The double-entry journal: trial balance (always zero) and account balances, live or as of a past point. */
@ApiTags('journal')
@ApiBearerAuth()
@Controller()
export class JournalController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get('journal/trial-balance')
  @ApiRead('The trial balance, total and per fund (always zero), live or as of a point', TrialBalanceView)
  trialBalance(@Query() query: ReadQuery): Promise<TrialBalanceAnswer> {
    return this.queries.execute(new GetTrialBalanceQuery(query));
  }

  @Get('journal/accounts')
  @ApiRead('Account balances (debit, credit, balance; Chinese names), optionally of one fund', AccountsView)
  accounts(@Query() query: AccountsQuery): Promise<AccountsAnswer> {
    return this.queries.execute(new GetAccountsQuery(query, query.fundId));
  }

  /** Rebuilds a projection from zero while the old state keeps serving, then swaps (admin). */
  @Post('projections/:name/rebuild')
  @HttpCode(200)
  @Roles('admin')
  @ApiRead('Rebuild a projection from zero while the old state serves, then swap (admin)', ProjectionStatusView, ApiProblem(403, 'FORBIDDEN: admin only.'), ApiNotFound('PROJECTION_NOT_FOUND'), ApiProblem(409, 'NOT_PROJECTION_LEADER: another instance runs the projections.'))
  rebuild(@Param('name') name: string): Promise<ProjectionStatus> {
    return this.commands.execute(new RebuildProjectionCommand(name));
  }

  /** Each projection's checkpoint and lag, in positions and in seconds. */
  @Get('projections')
  @ApiRead('Each projection: checkpoint, lag in positions and seconds, restarts', ProjectionsView)
  status(): Promise<{ projections: ProjectionStatus[] }> {
    return this.queries.execute(new GetProjectionStatusesQuery());
  }
}
