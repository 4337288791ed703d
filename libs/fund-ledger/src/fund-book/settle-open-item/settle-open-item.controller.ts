import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { SettleOpenItemCommand } from './settle-open-item.command';
import { SettleOpenItemRequest } from './settle-open-item.request.dto';

const NOT_FOUND = 'FUND_NOT_FOUND, OPEN_ITEM_NOT_FOUND (itemId)';
const REFUSED = 'AMOUNT_EXCEEDS_OUTSTANDING, OPEN_ITEM_KIND_MISMATCH, BEFORE_OPENING_BALANCE; 409 PAYMENT_ALREADY_RECORDED';

/** Settles what fund payments left open, each route one action; appends OpenItemSettled to fundbook-{fundId}. */
@CommandController('fund-book', 'fund-book/open-items')
export class SettleOpenItemController {
  constructor(private readonly commands: CommandBus) {}

  @CommandEndpoint({ path: 'advance-repayments', roles: WRITE_ROLES.money, summary: 'An earmarked advance repaid (回款, R-PAY-13) -> OpenItemSettled', notFound: NOT_FOUND, refused: REFUSED })
  repay(@Body() request: SettleOpenItemRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new SettleOpenItemCommand(envelope, 'repay_advance', request));
  }

  @CommandEndpoint({ path: 'advance-conversions', roles: WRITE_ROLES.money, summary: 'An earmarked advance converted into settled spending (R-PAY-12) -> OpenItemSettled', notFound: NOT_FOUND, refused: REFUSED })
  convert(@Body() request: SettleOpenItemRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new SettleOpenItemCommand(envelope, 'convert_advance', request));
  }

  @CommandEndpoint({ path: 'out-of-area-clearings', roles: WRITE_ROLES.money, summary: 'Out-of-area items cleared with the provincial platform -> OpenItemSettled', notFound: NOT_FOUND, refused: REFUSED })
  clear(@Body() request: SettleOpenItemRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new SettleOpenItemCommand(envelope, 'clear_out_of_area', request));
  }

  @CommandEndpoint({ path: 'supplier-offsets', roles: WRITE_ROLES.money, summary: "Goods paid to suppliers offset against the hospital's settlement (R-PAY-14) -> OpenItemSettled", notFound: NOT_FOUND, refused: REFUSED })
  offset(@Body() request: SettleOpenItemRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new SettleOpenItemCommand(envelope, 'offset_paid_on_behalf', request));
  }
}
