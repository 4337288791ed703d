import { ZERO } from '@ledger/money';
import { compareText, out, outOrNull } from './read-model-support';
import { executionFigures } from './hospital-budgets.execution';
import {
  netPaidOf,
  openReceivablesOf,
  quotaOf,
  RECEIVABLE_KINDS,
  YEAR_END_AMOUNTS,
  type HospitalYearRow,
  type YearEndAmount,
} from './hospital-budgets.rows';

/**
 * The shapes GET /hospital-budgets/{fundId}/{payeeId}/{year}/projection serves: every figure of one
 * hospital-year as a two-decimal yuan string, the time-dependent ones for a business date. A figure the
 * write model's view (GET /hospital-budgets/{fundId}/{payeeId}/{year}) also shows has the same name there.
 */

const sortedMonths = (months: readonly number[]): number[] => [...months].sort((a, b) => a - b);

function quotaView(row: HospitalYearRow) {
  return {
    initialYuan: outOrNull(row.quotaInitial),
    method: row.quotaMethod,
    setOn: row.quotaSetOn,
    adjustments: row.adjustments.map((a) => ({
      reason: a.reason,
      direction: a.direction,
      deltaYuan: out(a.delta),
      effectiveDate: a.effectiveDate,
      fromYear: a.fromYear,
      note: a.note,
    })),
    adjustmentsYuan: out(row.adjustmentsTotal),
    carriedInYuan: out(row.carriedIn),
    carriedInFromYears: [...row.carriedInFromYears],
    finalYuan: outOrNull(quotaOf(row)),
  };
}

function settlementsView(row: HospitalYearRow) {
  return {
    months: sortedMonths(row.monthsSettled),
    claimedYuan: out(row.claimed),
    refusedYuan: out(row.refused),
    refusedByRule: [...row.refusedByRule.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([ruleId, value]) => ({ ruleId, refusedYuan: out(value) })),
    approvedYuan: out(row.approved),
    coFundedYuan: out(row.coFunded),
    payableYuan: out(row.settlementPayable),
    netPaymentsYuan: out(row.settlementNet),
    receivableOffsetsYuan: out(row.receivableOffsets),
    deferredPayableYuan: out(row.deferredPayable),
  };
}

function yearEndView(row: HospitalYearRow) {
  const yearEnd = row.yearEnd;
  if (yearEnd === null) return null;
  return {
    effectiveDate: yearEnd.effectiveDate,
    policyVersion: yearEnd.policyVersion,
    retentionMode: yearEnd.retentionMode,
    quotaYuan: out(yearEnd.quota),
    actualYuan: out(yearEnd.actual),
    ...(Object.fromEntries(YEAR_END_AMOUNTS.map((f) => [f, out(yearEnd.amounts[f])])) as Record<YearEndAmount, string>),
  };
}

/** Everything about one hospital-year, amounts as yuan strings, time-dependent figures for `businessDate`. */
export function hospitalYearView(row: HospitalYearRow, businessDate: string) {
  return {
    fundId: row.fundId,
    payeeId: row.payeeId,
    year: row.year,
    status: row.yearEnd !== null ? 'settled' : quotaOf(row) === null ? 'no_quota' : 'open',
    quota: quotaView(row),
    prepayments: {
      months: sortedMonths(row.monthsPrepaid),
      grossYuan: out(row.prepaidGross),
      netYuan: out(row.prepaidNet),
      withheldDepositYuan: out(row.withheld),
    },
    settlements: settlementsView(row),
    clawbacks: {
      inYearYuan: out(row.clawbacksInYear),
      postCloseYuan: out(row.clawbacksPostClose),
      priorYearsAssessedHereYuan: out(row.priorYearRecoveries),
    },
    penalties: {
      liquidatedDamagesYuan: out(row.liquidatedDamages),
      /** Treasury memorandum: not the fund's money. */
      finesToTreasuryYuan: out(row.finesToTreasury),
    },
    receivables: {
      openYuan: out(openReceivablesOf(row)),
      byKind: Object.fromEntries(RECEIVABLE_KINDS.map((k) => [k, out(row.openReceivables.get(k) ?? ZERO)])),
      recoveredYuan: out(row.recovered),
    },
    netPaidYuan: out(netPaidOf(row)),
    scorePoints: row.score === null ? null : row.score.toFixed(2),
    yearEnd: yearEndView(row),
    execution: executionFigures(row, businessDate),
  };
}

export type HospitalYearView = ReturnType<typeof hospitalYearView>;
