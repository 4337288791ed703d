import { Decimal, yuan } from '@ledger/money';
import { assertNever, DecisionContext } from '../../shared/decider';
import { DomainError, invalidField } from '../../shared/domain-error';
import { accounts, credit, debit, Posting } from '../../shared/journal';
import { formatPeriod, requireDate, requirePeriod } from '../../registry/calendar';
import { requireFundId, requireId, requireOneOf, requireYuan } from '../../registry/field-rules';
import { FUND_KINDS, FundKind } from '../../registry/registry.events';
import { FundBookErrorCodes, refuse } from '../fund-book.errors';
import { OpenItemKind, OpenItemSettled, SETTLEMENT_ACTIONS, SettlementAction } from '../fund-book.events';
import { assertAfterOpening, assertNewId, assertOwnFund, assertStreamOf, assertYearOpen } from '../fund-book.guards';
import { FundBookState, OpenItem } from '../fund-book.state';
import { chunkedGet } from '../chunked-map';

/**
 * SettleOpenItem: settles (part of) a balance a payment left open, in the same fund book.
 * - repay_advance (R-PAY-13 回款): Dr cash / Cr advance:<recipient>;
 * - convert_advance (R-PAY-12: the advance is accounted for as settled spending): Dr expense:earmarked_settlements / Cr advance;
 * - clear_out_of_area: a payable to the platform Dr payable / Cr cash; a receivable from it Dr cash / Cr receivable;
 * - offset_paid_on_behalf (R-PAY-14): the hospital's settlement for `period` was posted with its full
 *   net cash, of which this amount had gone to suppliers: Dr cash / Cr hospital:<H>:paid_on_behalf. The
 *   goods are counted once, as the hospital's settlement expense.
 */
export interface SettleOpenItem {
  readonly type: 'SettleOpenItem';
  readonly settlementId: string;
  readonly fundId: string;
  readonly fundKind: FundKind;
  readonly itemId: string;
  readonly action: SettlementAction;
  readonly amountYuan: string;
  readonly reference: string;
  /** convert_advance: the month the spending concerns; offset_paid_on_behalf: the hospital settlement's month. */
  readonly period?: string;
  /** Whether the fund-year of the effective date is closed (a fact from the fund close). */
  readonly yearClosed: boolean;
}

const ACTION_ITEMS: Readonly<Record<SettlementAction, readonly OpenItemKind[]>> = {
  repay_advance: ['earmarked_advance'],
  convert_advance: ['earmarked_advance'],
  clear_out_of_area: ['out_of_area_payable', 'out_of_area_receivable'],
  offset_paid_on_behalf: ['paid_on_behalf'],
};

const NEEDS_PERIOD: ReadonlySet<SettlementAction> = new Set(['convert_advance', 'offset_paid_on_behalf']);

export function decideSettleOpenItem(
  command: SettleOpenItem,
  state: FundBookState,
  context: DecisionContext,
): OpenItemSettled[] {
  const settlementId = requireId(command.settlementId, 'settlementId');
  const fundId = requireFundId(command.fundId, 'fundId');
  const fundKind = requireOneOf(command.fundKind, FUND_KINDS, 'fundKind');
  const itemId = requireId(command.itemId, 'itemId');
  const action = requireOneOf(command.action, SETTLEMENT_ACTIONS, 'action');
  const amount = requireYuan(command.amountYuan, 'amountYuan');
  const reference = requireId(command.reference, 'reference');
  const period = validPeriod(command, action);
  const effectiveDate = requireDate(context.effectiveDate, 'effectiveDate');
  assertStreamOf(state, fundId);
  assertYearOpen(command.yearClosed, fundId, effectiveDate);
  const item = openItem(state, itemId, action);
  if (amount.gt(item.outstanding)) {
    throw refuse(
      FundBookErrorCodes.AMOUNT_EXCEEDS_OUTSTANDING,
      `${action} of ${yuan(amount)} exceeds the ${yuan(item.outstanding)} outstanding on ${itemId}`,
      'amountYuan',
    );
  }
  assertAfterOpening(state, effectiveDate);
  assertNewId(state, settlementId, 'settlementId');
  const postings = settlementPostings(fundId, item, action, amount);
  assertOwnFund('OpenItemSettled', postings, fundId, fundKind);
  const data = {
    settlementId,
    fundId,
    itemId,
    itemKind: item.kind,
    action,
    amountYuan: yuan(amount),
    outstandingBeforeYuan: yuan(item.outstanding),
    outstandingAfterYuan: yuan(item.outstanding.minus(amount)),
    reference,
    period,
    effectiveDate,
    postings,
  };
  return [{ type: 'OpenItemSettled', data }];
}

function validPeriod(command: SettleOpenItem, action: SettlementAction): string | null {
  if (NEEDS_PERIOD.has(action)) return formatPeriod(requirePeriod(command.period, 'period'));
  if (command.period !== undefined) throw invalidField('period', `does not apply to ${action}`);
  return null;
}

/** 404 for an item never opened (or already settled in full); 422 when the action does not settle its kind. */
function openItem(state: FundBookState, itemId: string, action: SettlementAction): OpenItem {
  const item = chunkedGet(state.openItems, itemId);
  if (item === undefined) {
    throw new DomainError(
      'not_found',
      FundBookErrorCodes.OPEN_ITEM_NOT_FOUND,
      `no open item ${itemId} in this fund book (never opened, or settled in full)`,
      'itemId',
    );
  }
  if (!ACTION_ITEMS[action].includes(item.kind)) {
    throw refuse(
      FundBookErrorCodes.OPEN_ITEM_KIND_MISMATCH,
      `${itemId} is a ${item.kind}; ${action} settles ${ACTION_ITEMS[action].join(' or ')}`,
      'itemId',
    );
  }
  return item;
}

function settlementPostings(fundId: string, item: OpenItem, action: SettlementAction, amount: Decimal): Posting[] {
  const cash = accounts.cash(fundId);
  switch (action) {
    case 'repay_advance':
    case 'offset_paid_on_behalf':
      return [debit(fundId, cash, amount), credit(fundId, item.account, amount)];
    case 'convert_advance':
      return [
        debit(fundId, accounts.expense(fundId, 'earmarked_settlements'), amount),
        credit(fundId, item.account, amount),
      ];
    case 'clear_out_of_area':
      return item.kind === 'out_of_area_payable'
        ? [debit(fundId, item.account, amount), credit(fundId, cash, amount)]
        : [debit(fundId, cash, amount), credit(fundId, item.account, amount)];
    default:
      return assertNever(action, 'settlement action');
  }
}
