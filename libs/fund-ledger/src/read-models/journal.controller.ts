import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ReadQuery, Roles } from '@ledger/platform';
import { accountBalances, trialBalance } from '../journal/journal.fold';
import { chartEntryFor } from '../journal/chart-of-accounts';
import { ID_PATTERN } from '../registry/field-rules';
import { journalProjection } from './journal.projection';
import { ProjectionRegistry } from './projection-registry';

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
  constructor(private readonly projections: ProjectionRegistry) {}

  @Get('journal/trial-balance')
  async trialBalance(@Query() query: ReadQuery) {
    const answer = await this.projections.read(journalProjection, query);
    return { asOf: answer.asOf, position: answer.position, entries: answer.state.entryCount, ...trialBalance(answer.state) };
  }

  @Get('journal/accounts')
  async accounts(@Query() query: AccountsQuery) {
    const answer = await this.projections.read(journalProjection, query);
    const balances = accountBalances(answer.state, query.fundId).map((balance) => ({
      ...balance,
      name: chartEntryFor(balance.account)?.name ?? null,
      nameZh: chartEntryFor(balance.account)?.nameZh ?? null,
    }));
    return { asOf: answer.asOf, position: answer.position, accounts: balances };
  }

  /** Rebuilds a projection from zero while the old state keeps serving, then swaps (admin). */
  @Post('projections/:name/rebuild')
  @HttpCode(200)
  @Roles('admin')
  async rebuild(@Param('name') name: string) {
    return this.projections.rebuild(name);
  }

  /** Each projection's checkpoint and lag, in positions and in seconds. */
  @Get('projections')
  async status() {
    return { projections: await this.projections.statuses() };
  }
}
