import { Decimal, min, sum, yuan } from '@ledger/money';
import type { DecisionContext } from '../../shared/decider';
import { invariant } from '../../shared/decider';
import { ErrorCodes, notFound, rejectRule } from '../../shared/domain-error';
import { accounts, assertBalanced, credit, debit } from '../../shared/journal';
import type { BudgetStreamKey, ReceivableRecovered, RecoveryAllocation } from '../hospital-budget.events';
import {
  assertEffectiveDate,
  assertOpen,
  eventBase,
  hospitalAccount,
  requireQuota,
  streamKeyOf,
} from '../hospital-budget.guards';
import { oneOf, optionalId, yuanInput } from '../hospital-budget.inputs';
import { findReceivable, type HospitalBudgetState, openReceivables, type Receivable } from '../hospital-budget.state';

/**
 * RecoverReceivable: the hospital repays what it owes (clawbacks, liquidated damages, year-end balances).
 * Named receivable, or oldest first (openedOn, then id) when none is named. Recovery by offset happens
 * inside monthly settlements. Postings: Dr fund cash / Cr hospital receivable.
 */
export interface RecoverReceivable extends BudgetStreamKey {
  readonly type: 'RecoverReceivable';
  readonly amountYuan: string;
  readonly receivableId?: string;
  readonly method: 'repayment';
}

export function decideRecoverReceivable(
  command: RecoverReceivable,
  state: HospitalBudgetState,
  context: DecisionContext,
): ReceivableRecovered[] {
  const key = streamKeyOf(command, state);
  assertOpen(state, key);
  const effectiveDate = assertEffectiveDate(context, key.year, 'budget');
  const amount = yuanInput(command.amountYuan, 'amountYuan');
  const method = oneOf(command.method, 'method', ['repayment'] as const);
  const receivableId = optionalId(command.receivableId, 'receivableId');
  requireQuota(state);
  const candidates = receivableId === null ? openReceivables(state) : [named(state, receivableId)];
  const outstanding = sum(candidates.map((r) => r.outstandingYuan));
  if (amount.gt(outstanding)) {
    throw rejectRule(
      ErrorCodes.RECOVERY_EXCEEDS_OUTSTANDING,
      `recovery of ${yuan(amount)} exceeds the ${yuan(outstanding)} outstanding${receivableId ? ` on ${receivableId}` : ''}`,
      'amountYuan',
    );
  }
  const allocations = allocateOldestFirst(amount, candidates);
  const postings = [
    debit(key.fundId, accounts.cash(key.fundId), amount),
    credit(key.fundId, hospitalAccount(key, 'receivable'), amount),
  ];
  assertBalanced(postings);
  return [
    {
      type: 'ReceivableRecovered',
      data: {
        ...eventBase(key, effectiveDate),
        method,
        amountYuan: yuan(amount),
        requestedReceivableId: receivableId,
        allocations,
        postings,
      },
    },
  ];
}

function named(state: HospitalBudgetState, receivableId: string): Receivable {
  const receivable = findReceivable(state, receivableId);
  if (!receivable)
    throw notFound(
      ErrorCodes.RECEIVABLE_NOT_FOUND,
      `no receivable ${receivableId} in this budget year`,
      'receivableId',
    );
  return receivable;
}

function allocateOldestFirst(amount: Decimal, receivables: readonly Receivable[]): RecoveryAllocation[] {
  const allocations: RecoveryAllocation[] = [];
  let left = amount;
  for (const receivable of receivables) {
    if (left.isZero()) break;
    const part = min(left, receivable.outstandingYuan);
    allocations.push({
      receivableId: receivable.receivableId,
      amountYuan: yuan(part),
      outstandingAfterYuan: yuan(receivable.outstandingYuan.minus(part)),
    });
    left = left.minus(part);
  }
  invariant(left.isZero(), 'a recovery is allocated in full');
  return allocations;
}
