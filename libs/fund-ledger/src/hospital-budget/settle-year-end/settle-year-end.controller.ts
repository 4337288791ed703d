import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty } from '@nestjs/swagger';
import { WRITE_ROLES, type CommandEnvelope } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { CommandResultView } from '../../application/openapi';
import { SettleYearEndCommand, type YearEndSettlementResult } from './settle-year-end.command';
import { SettleYearEndRequest } from './settle-year-end.request.dto';

export class CarriedIntoView {
  @ApiProperty({ example: 'budget-EMP-POOLED.H-001.2026' })
  stream!: string;

  @ApiProperty({
    example: '1234',
    nullable: true,
    type: String,
    description: 'Null when nothing was appended (already carried in).',
  })
  position!: string | null;
}

export class YearEndSettlementResultView extends CommandResultView {
  @ApiProperty({
    type: CarriedIntoView,
    description: "The carry-in of the credit and open receivables on the next year's stream.",
  })
  carriedInto!: CarriedIntoView;
}

@CommandController('hospital-budgets', 'year-end-settlements')
export class SettleYearEndController {
  constructor(private readonly commands: CommandBus) {}

  /**
   * Settles a hospital-year (年终考核清算), freezes the fund-year policy and carries the credit and open
   * receivables into the next year. A retry of the same command completes whatever is missing.
   */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary:
      'Settle a hospital-year -> BudgetPolicyFrozen (first of the fund-year), YearEndSettled, BalanceCarriedIn (next year)',
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND',
    refused:
      'SCORE_MISSING, QUOTA_NOT_SET, PERIOD_CLOSED (already settled), EFFECTIVE_DATE_OUTSIDE_YEAR (before 1 January of the next year)',
    resultType: YearEndSettlementResultView,
  })
  settle(
    @Body() request: SettleYearEndRequest,
    @Envelope() envelope: CommandEnvelope,
  ): Promise<YearEndSettlementResult> {
    return this.commands.execute(new SettleYearEndCommand(envelope, request));
  }
}
