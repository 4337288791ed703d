import type { DecisionContext, Decider } from '../shared/decider';
import { assertNever, invariant } from '../shared/decider';
import { invalidField } from '../shared/domain-error';
import { requireFundId, requireId } from '../registry/field-rules';
import { assertEffectiveDate } from '../hospital-budget/hospital-budget.guards';
import { arrayInput, idInput, oneOf, yearInput } from '../hospital-budget/hospital-budget.inputs';
import type { YearEndSettledData } from '../hospital-budget/hospital-budget.events';
import {
  FUND_CLOSE_COLUMNS,
  type FundCloseEvent,
  type FundYearClosed,
  type FundYearClosedData,
  type PayeeSource,
} from './fund-close.events';
import { summarizeSettlements } from './fund-close.rules';

/**
 * CloseFundYear: records the close of a fund-year once every hospital-year on the list is settled. The
 * handler settles them first (each idempotently) and hands over their YearEndSettled events; this decider
 * checks the list is complete (one settlement per payee, of this fund-year) and sums them. Closing a
 * closed year decides nothing: the caller answers with the stored report.
 */
export const MAX_CLOSE_HOSPITALS = 10_000;

export interface CloseFundYear {
  readonly type: 'CloseFundYear';
  readonly fundId: string;
  readonly year: number;
  readonly payeeSource: PayeeSource;
  readonly runId: string | null;
  readonly payeeIds: readonly string[];
  readonly settlements: readonly YearEndSettledData[];
}

export interface FundCloseState {
  readonly closed: FundYearClosedData | null;
}

export const initialFundCloseState = (): FundCloseState => ({ closed: null });

export function evolveFundClose(state: FundCloseState, event: FundCloseEvent): FundCloseState {
  switch (event.type) {
    case 'FundYearClosed':
      invariant(state.closed === null, 'a fund-year is closed once');
      return { closed: event.data };
    default:
      return assertNever(event.type, 'fund close event');
  }
}

export function decideCloseFundYear(
  command: CloseFundYear,
  state: FundCloseState,
  context: DecisionContext,
): FundYearClosed[] {
  if (state.closed !== null) return [];
  const fundId = requireFundId(command.fundId, 'fundId');
  const year = yearInput(command.year, 'year');
  const effectiveDate = assertEffectiveDate(context, year, 'year_end');
  const payeeSource = oneOf(command.payeeSource, 'payeeSource', ['allocation_run', 'explicit'] as const);
  const runId = payeeSource === 'allocation_run' ? idInput(command.runId, 'runId') : null;
  const payeeIds = arrayInput(command.payeeIds, 'payeeIds', MAX_CLOSE_HOSPITALS).map((p, i) =>
    requireId(p, `payeeIds[${i}]`),
  );
  if (payeeIds.length === 0) throw invalidField('payeeIds', 'a close covers at least one hospital-year');
  if (new Set(payeeIds).size !== payeeIds.length) throw invalidField('payeeIds', 'payee ids must be unique');
  const byPayee = new Map(command.settlements.map((s) => [s.payeeId, s]));
  invariant(byPayee.size === command.settlements.length, 'one settlement per payee');
  const settlements = payeeIds.map((payeeId) => {
    const settled = byPayee.get(payeeId);
    invariant(settled !== undefined, `the settlement of ${payeeId} is missing`);
    invariant(
      settled.fundId === fundId && settled.year === year,
      `the settlement of ${payeeId} is of ${fundId}/${year}`,
    );
    return settled;
  });
  invariant(settlements.length === command.settlements.length, 'no settlement outside the list');
  const { totals, rows } = summarizeSettlements(settlements);
  return [
    {
      type: 'FundYearClosed',
      data: {
        fundId,
        year,
        effectiveDate,
        status: 'closed',
        payeeSource,
        runId,
        hospitals: settlements.length,
        totals,
        columns: [...FUND_CLOSE_COLUMNS],
        rows,
      },
    },
  ];
}

export const fundCloseDecider: Decider<CloseFundYear, FundCloseEvent, FundCloseState> = {
  initialState: initialFundCloseState,
  evolve: evolveFundClose,
  decide: decideCloseFundYear,
};
