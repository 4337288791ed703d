import { Decimal, sum, yuan } from '@ledger/money';
import { invariant } from '../shared/decider';
import type { YearEndSettledData } from '../hospital-budget/hospital-budget.events';
import type { FundCloseRow, FundCloseTotals, YearOutcome } from './fund-close.events';

/**
 * The fund-year's totals from its hospitals' year-end settlements, pure. Every figure is a sum of fields of
 * the YearEndSettled events (nothing is recomputed), so the close reconciles with the budget streams.
 */
export function outcomeOf(settled: YearEndSettledData): YearOutcome {
  if (new Decimal(settled.breakdown.overrunYuan).gt(0)) return 'overrun';
  if (new Decimal(settled.breakdown.surplusYuan).gt(0)) return 'surplus';
  return 'balanced';
}

export function summarizeSettlements(settlements: readonly YearEndSettledData[]): {
  totals: FundCloseTotals;
  rows: FundCloseRow[];
} {
  const total = (list: readonly YearEndSettledData[], pick: (s: YearEndSettledData) => string): Decimal =>
    sum(list.map((s) => new Decimal(pick(s))));
  const overruns = settlements.filter((s) => outcomeOf(s) === 'overrun');
  const surpluses = settlements.filter((s) => outcomeOf(s) === 'surplus');
  const payments = total(settlements, (s) => s.breakdown.paymentYuan);
  const receivables = total(settlements, (s) => s.breakdown.receivableYuan);
  // A positive result of an agreement terminated for cause is held, not paid: final = paid + held − receivable.
  const held = total(settlements, (s) => s.breakdown.heldPaymentYuan ?? '0');
  const totals: FundCloseTotals = {
    quotaYuan: yuan(total(settlements, (s) => s.inputs.quotaYuan)),
    actualYuan: yuan(total(settlements, (s) => s.inputs.actualYuan)),
    overrun: {
      count: overruns.length,
      overrunYuan: yuan(total(overruns, (s) => s.breakdown.overrunYuan)),
      fundShareYuan: yuan(total(overruns, (s) => s.breakdown.fundOverrunShareYuan)),
      hospitalShareYuan: yuan(total(overruns, (s) => s.breakdown.hospitalOverrunShareYuan)),
    },
    surplus: {
      count: surpluses.length,
      surplusYuan: yuan(total(surpluses, (s) => s.breakdown.surplusYuan)),
      retainedYuan: yuan(total(surpluses, (s) => s.breakdown.retainedYuan)),
      retainedPaidYuan: yuan(total(surpluses, (s) => s.breakdown.retainedPaidYuan)),
      carriedForwardYuan: yuan(total(surpluses, (s) => s.breakdown.carryForwardCreditYuan)),
      notRetainedYuan: yuan(total(surpluses, (s) => s.breakdown.notRetainedYuan)),
    },
    balanced: { count: settlements.length - overruns.length - surpluses.length },
    deposits: {
      withheldYuan: yuan(total(settlements, (s) => s.inputs.withheldYuan)),
      returnedYuan: yuan(total(settlements, (s) => s.breakdown.depositReturnedYuan)),
      forfeitedYuan: yuan(total(settlements, (s) => s.breakdown.depositForfeitedYuan)),
    },
    entitlementYuan: yuan(total(settlements, (s) => s.breakdown.entitlementYuan)),
    fundNetCostYuan: yuan(total(settlements, (s) => s.breakdown.fundNetCostYuan)),
    yearEnd: {
      paymentsYuan: yuan(payments),
      receivablesYuan: yuan(receivables),
      heldPaymentsYuan: yuan(held),
      netPaymentYuan: yuan(payments.minus(receivables)),
    },
  };
  // Each hospital's deposit is either returned or forfeited; overrun and surplus totals are each split whole.
  invariant(
    new Decimal(totals.deposits.withheldYuan).equals(
      new Decimal(totals.deposits.returnedYuan).plus(totals.deposits.forfeitedYuan),
    ),
    'deposits withheld = returned + forfeited',
  );
  invariant(
    new Decimal(totals.overrun.overrunYuan).equals(
      new Decimal(totals.overrun.fundShareYuan).plus(totals.overrun.hospitalShareYuan),
    ),
    'overrun = fund share + hospital share',
  );
  const rows: FundCloseRow[] = settlements.map((s) => [
    s.payeeId,
    outcomeOf(s),
    s.inputs.quotaYuan,
    s.inputs.actualYuan,
    s.breakdown.finalYuan,
    s.breakdown.carryForwardCreditYuan,
  ]);
  invariant(
    payments.plus(held).minus(receivables).equals(sum(rows.map((r) => new Decimal(r[4])))),
    'year-end payments + held − receivables = Σ final amounts',
  );
  return { totals, rows };
}
