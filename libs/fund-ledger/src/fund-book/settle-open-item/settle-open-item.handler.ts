import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { FundBookStreams } from '../fund-book.streams';
import { SettleOpenItemCommand } from './settle-open-item.command';
import { decideSettleOpenItem } from './settle-open-item.decider';

@CommandHandler(SettleOpenItemCommand)
export class SettleOpenItemHandler implements ICommandHandler<SettleOpenItemCommand, CommandResult> {
  constructor(private readonly streams: FundBookStreams) {}

  async execute({ envelope, action, request }: SettleOpenItemCommand): Promise<CommandResult> {
    const fund = await this.streams.fund(request.fundId);
    const yearClosed = await this.streams.yearClosed(request.fundId, envelope.effectiveDate);
    return this.streams.handle(
      envelope,
      {
        type: 'SettleOpenItem',
        settlementId: request.settlementId ?? envelope.commandId,
        fundId: request.fundId,
        fundKind: fund.kind,
        itemId: request.itemId,
        action,
        amountYuan: request.amountYuan,
        reference: request.reference,
        yearClosed,
        ...(request.period === undefined ? {} : { period: request.period }),
      },
      decideSettleOpenItem,
    );
  }
}
