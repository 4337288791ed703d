import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { RecordOpeningBalanceCommand } from './record-opening-balance.command';
import { RecordOpeningBalanceRequest } from './record-opening-balance.request.dto';

@CommandController('fund-book', 'fund-book')
export class RecordOpeningBalanceController {
  constructor(private readonly commands: CommandBus) {}

  /** Opens a fund mid-life with the balances of its last closing statement (期初余额), once. */
  @CommandEndpoint({
    path: 'opening-balances',
    roles: WRITE_ROLES.money,
    summary: 'Record a fund’s opening balance -> OpeningBalanceRecorded',
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND (lines[i].ref)',
    refused:
      'OPENING_BALANCE_ALREADY_RECORDED, OPENING_BALANCE_AFTER_POSTINGS, OPENING_BALANCE_UNBALANCED, PAYEE_KIND_MISMATCH',
  })
  record(@Body() request: RecordOpeningBalanceRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new RecordOpeningBalanceCommand(envelope, request));
  }
}
