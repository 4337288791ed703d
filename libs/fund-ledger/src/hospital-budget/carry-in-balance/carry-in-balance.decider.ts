import { yuan } from '@ledger/money';
import type { DecisionContext } from '../../shared/decider';
import { ErrorCodes, invalidField, rejectRule } from '../../shared/domain-error';
import { alreadyExists } from '../hospital-budget.errors';
import type { BalanceCarriedIn, BudgetStreamKey, CarriedReceivable, ReceivableKind } from '../hospital-budget.events';
import { assertEffectiveDate, assertOpen, eventBase, streamKeyOf } from '../hospital-budget.guards';
import { arrayInput, dateInput, idInput, oneOf, yearInput, yuanInput } from '../hospital-budget.inputs';
import { findReceivable, type HospitalBudgetState } from '../hospital-budget.state';

/**
 * CarryInBalance: what the previous year's settlement hands over — its carry-forward credit (结余跨年度结转,
 * added to this year's quota, shown separately as carried-in) and its open receivables (opened here without
 * postings: receivable accounts are per hospital, not per year). Allowed before SetQuota, since the new
 * year's quota may not be set yet. Idempotent: a second carry-in from the same year decides nothing.
 */
export interface CarryInBalance extends BudgetStreamKey {
  readonly type: 'CarryInBalance';
  /** Must be year − 1. */
  readonly fromYear: number;
  readonly carryForwardCreditYuan: string;
  readonly receivables: readonly CarriedReceivable[];
}

const RECEIVABLE_KINDS: readonly ReceivableKind[] = ['clawback', 'liquidated_damages', 'year_end_settlement'];
export const MAX_CARRIED_RECEIVABLES = 1000;

export function decideCarryInBalance(
  command: CarryInBalance,
  state: HospitalBudgetState,
  context: DecisionContext,
): BalanceCarriedIn[] {
  const key = streamKeyOf(command, state);
  assertOpen(state, key);
  const effectiveDate = assertEffectiveDate(context, key.year, 'budget');
  const fromYear = yearInput(command.fromYear, 'fromYear');
  if (fromYear !== key.year - 1)
    throw invalidField('fromYear', `a carry-in into ${key.year} comes from ${key.year - 1}`);
  if (state.carriedInFromYears.includes(fromYear)) return [];
  const credit = yuanInput(command.carryForwardCreditYuan, 'carryForwardCreditYuan', 'non_negative');
  const receivables = carriedReceivables(command.receivables, fromYear, state);
  if (credit.gt(0) && state.manualCarryInFromYears.includes(fromYear)) {
    throw rejectRule(
      ErrorCodes.INVALID_QUOTA_ADJUSTMENT,
      `the credit from ${fromYear} was already applied by a carry_in quota adjustment; reverse it with a correction first`,
      'carryForwardCreditYuan',
    );
  }
  return [
    {
      type: 'BalanceCarriedIn',
      data: {
        ...eventBase(key, effectiveDate),
        fromYear,
        carryForwardCreditYuan: yuan(credit),
        receivables,
        carriedInTotalYuan: yuan(state.carriedInYuan.plus(credit)),
      },
    },
  ];
}

function carriedReceivables(value: unknown, fromYear: number, state: HospitalBudgetState): CarriedReceivable[] {
  const lines = arrayInput(value, 'receivables', MAX_CARRIED_RECEIVABLES).map((raw, i) => {
    const field = `receivables[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw invalidField(field, 'must be an object');
    const r = raw as CarriedReceivable;
    const serviceYear = yearInput(r.serviceYear, `${field}.serviceYear`);
    if (serviceYear > fromYear) throw invalidField(`${field}.serviceYear`, `must not be after ${fromYear}`);
    return {
      receivableId: idInput(r.receivableId, `${field}.receivableId`),
      kind: oneOf(r.kind, `${field}.kind`, RECEIVABLE_KINDS),
      serviceYear,
      outstandingYuan: yuan(yuanInput(r.outstandingYuan, `${field}.outstandingYuan`)),
      openedOn: dateInput(r.openedOn, `${field}.openedOn`),
    };
  });
  const ids = lines.map((l) => l.receivableId);
  if (new Set(ids).size !== ids.length) throw invalidField('receivables', 'receivable ids must be unique');
  const clash = ids.find((id) => findReceivable(state, id));
  if (clash !== undefined) throw alreadyExists(`receivable ${clash} already exists in this budget year`, 'receivables');
  return lines;
}
