import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { invalidField } from '../../shared/domain-error';
import type { PayeeType } from '../../registry/registry.events';
import { FundBookStreams } from '../fund-book.streams';
import { RecordOpeningBalanceCommand } from './record-opening-balance.command';
import { decideRecordOpeningBalance } from './record-opening-balance.decider';

/** Lines that name a registered payee (the others name a bank account, a contributing unit or an earmark). */
const PAYEE_LINES: ReadonlySet<string> = new Set(['hospital_receivable', 'payable']);

@CommandHandler(RecordOpeningBalanceCommand)
export class RecordOpeningBalanceHandler implements ICommandHandler<RecordOpeningBalanceCommand, CommandResult> {
  constructor(private readonly streams: FundBookStreams) {}

  async execute({ envelope, request }: RecordOpeningBalanceCommand): Promise<CommandResult> {
    // The as-of date is the point of an opening balance: "today" by default would be a silent guess.
    if (request.effectiveDate === undefined) {
      throw invalidField('effectiveDate', 'the as-of date of the closing statement is required');
    }
    const fund = await this.streams.fund(request.fundId);
    const payeeTypes = new Map<string, PayeeType>();
    for (const [index, line] of request.lines.entries()) {
      if (!PAYEE_LINES.has(line.kind) || line.ref === undefined || payeeTypes.has(line.ref)) continue;
      payeeTypes.set(line.ref, await this.streams.payeeType(line.ref, `lines[${index}].ref`));
    }
    const moneyElsewhere = await this.streams.contributionStreamsWithMoney(request.fundId, request.effectiveDate);
    return this.streams.handle(
      envelope,
      {
        type: 'RecordOpeningBalance',
        fundId: request.fundId,
        fundKind: fund.kind,
        evidenceRef: request.evidenceRef,
        lines: request.lines.map(({ kind, ref, amountYuan }) => ({ kind, amountYuan, ...(ref === undefined ? {} : { ref }) })),
        payeeTypes,
        moneyElsewhere,
      },
      decideRecordOpeningBalance,
    );
  }
}
