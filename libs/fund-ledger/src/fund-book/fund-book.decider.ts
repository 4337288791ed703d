import { assertNever, DecisionContext, Decider } from '../shared/decider';
import { FundBookEvent } from './fund-book.events';
import { evolveFundBook, FundBookState, initialFundBookState } from './fund-book.state';
import { decideRecordFundPayment, RecordFundPayment } from './record-fund-payment/record-fund-payment.decider';
import { decideRecordOpeningBalance, RecordOpeningBalance } from './record-opening-balance/record-opening-balance.decider';
import { decideSettleOpenItem, SettleOpenItem } from './settle-open-item/settle-open-item.decider';

export type FundBookCommand = RecordOpeningBalance | RecordFundPayment | SettleOpenItem;

/** The fund book as one decider (given/when/then specs); handlers hand their own decide to the pipeline. */
export const fundBookDecider: Decider<FundBookCommand, FundBookEvent, FundBookState> = {
  initialState: initialFundBookState,
  evolve: evolveFundBook,
  decide(command: FundBookCommand, state: FundBookState, context: DecisionContext): FundBookEvent[] {
    switch (command.type) {
      case 'RecordOpeningBalance':
        return decideRecordOpeningBalance(command, state, context);
      case 'RecordFundPayment':
        return decideRecordFundPayment(command, state, context);
      case 'SettleOpenItem':
        return decideSettleOpenItem(command, state, context);
      default:
        return assertNever(command, 'fund book command');
    }
  },
};
