import { Decimal } from '@ledger/money';
import { assertNever, invariant } from '../shared/decider';
import { FundBookEvent, FundPaymentReversed, OpenItemKind } from './fund-book.events';
import { ChunkedMap, chunkedDelete, chunkedGet, chunkedHas, chunkedSet, emptyChunkedMap } from './chunked-map';

/** A balance a payment left open (an advance, an out-of-area clearing item, an amount paid on a hospital's behalf). */
export interface OpenItem {
  readonly itemId: string;
  readonly kind: OpenItemKind;
  /** The payee whose account holds it: the advance's recipient, the clearing platform, the hospital. */
  readonly counterpartyId: string;
  readonly account: string;
  readonly outstanding: Decimal;
}

/** What the fund book's commands decide on. Small by design: settled items leave the map. */
export interface FundBookState {
  readonly fundId: string | null;
  /** The opening balance's as-of date, once recorded. */
  readonly openingAsOf: string | null;
  /** Money events (payments and settlements) in this stream. */
  readonly postingEvents: number;
  /** Every payment and settlement id in this fund book: none is booked twice. */
  readonly ids: ChunkedMap<true>;
  /** Open items by item id (the payment id that opened them); settled items are removed. */
  readonly openItems: ChunkedMap<OpenItem>;
  /** Events of this stream reversed (红字冲销): event id -> the request that reversed it (`stream@revision`). */
  readonly reversedEvents: ReadonlyMap<string, string>;
}

export const initialFundBookState = (): FundBookState => ({
  fundId: null,
  openingAsOf: null,
  postingEvents: 0,
  ids: emptyChunkedMap(),
  openItems: emptyChunkedMap(),
  reversedEvents: new Map(),
});

export function evolveFundBook(state: FundBookState, event: FundBookEvent): FundBookState {
  invariant(state.fundId === null || state.fundId === event.data.fundId, `${event.type} for another fund book`);
  switch (event.type) {
    case 'OpeningBalanceRecorded':
      invariant(state.openingAsOf === null && state.postingEvents === 0, 'opening balance recorded twice or late');
      return { ...state, fundId: event.data.fundId, openingAsOf: event.data.asOfDate };
    case 'FundPaymentRecorded': {
      const { paymentId, openItem, payee, details, amountYuan } = event.data;
      invariant(!chunkedHas(state.ids, paymentId), `payment ${paymentId} booked twice`);
      let openItems = state.openItems;
      if (openItem !== null) {
        const counterpartyId =
          details.category === 'supplier_settlement' ? details.forHospitalId : payee.kind === 'payee' ? payee.payeeId : '';
        openItems = chunkedSet(openItems, openItem.itemId, {
          itemId: openItem.itemId,
          kind: openItem.kind,
          counterpartyId,
          account: openItem.account,
          outstanding: new Decimal(amountYuan),
        });
      }
      return booked(state, event.data.fundId, paymentId, openItems);
    }
    case 'OpenItemSettled': {
      const { itemId, settlementId, outstandingAfterYuan } = event.data;
      const item = chunkedGet(state.openItems, itemId);
      invariant(item !== undefined, `settlement ${settlementId} of unknown item ${itemId}`);
      invariant(!chunkedHas(state.ids, settlementId), `settlement ${settlementId} booked twice`);
      const after = new Decimal(outstandingAfterYuan);
      const openItems = after.isZero()
        ? chunkedDelete(state.openItems, itemId)
        : chunkedSet(state.openItems, itemId, { ...item, outstanding: after });
      return booked(state, event.data.fundId, settlementId, openItems);
    }
    case 'EventReversed':
      return evolvePaymentReversed(state, event);
    default:
      return assertNever(event, 'fund book event');
  }
}

/** The payment reversed: its id may be booked again (the corrected payment), its untouched open item withdrawn. */
function evolvePaymentReversed(state: FundBookState, event: FundPaymentReversed): FundBookState {
  const { reversed, reversedEventId, requestStream, requestRevision } = event.data;
  const { paymentId, openItem, amountYuan } = reversed.data;
  invariant(chunkedHas(state.ids, paymentId), `reversed payment ${paymentId} is not booked`);
  invariant(!state.reversedEvents.has(reversedEventId), `event ${reversedEventId} reversed twice`);
  let openItems = state.openItems;
  if (openItem !== null) {
    const item = chunkedGet(openItems, openItem.itemId);
    invariant(item !== undefined && item.outstanding.equals(amountYuan), `open item ${openItem.itemId} was settled`);
    openItems = chunkedDelete(openItems, openItem.itemId);
  }
  return {
    ...state,
    postingEvents: state.postingEvents + 1,
    ids: chunkedDelete(state.ids, paymentId),
    openItems,
    reversedEvents: new Map(state.reversedEvents).set(reversedEventId, `${requestStream}@${requestRevision}`),
  };
}

function booked(
  state: FundBookState,
  fundId: string,
  id: string,
  openItems: ChunkedMap<OpenItem>,
): FundBookState {
  return {
    ...state,
    fundId,
    postingEvents: state.postingEvents + 1,
    ids: chunkedSet(state.ids, id, true),
    openItems,
  };
}
