import { yuan } from '@ledger/money';
import type { DecisionContext } from '../../shared/decider';
import { invariant } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import { alreadyExists } from '../hospital-budget.errors';
import type { BudgetStreamKey, QuotaMethod, QuotaSet } from '../hospital-budget.events';
import {
  assertEffectiveDate,
  assertOpen,
  assertPooledFund,
  eventBase,
  type FundKindFact,
  streamKeyOf,
} from '../hospital-budget.guards';
import { absent, idInput, oneOf, yuanInput } from '../hospital-budget.inputs';
import type { HospitalBudgetState } from '../hospital-budget.state';

/**
 * SetQuota: the hospital's annual global budget (总额预算/定额指标). Once per stream; later changes are
 * AdjustQuota, so the original figure and every change stay visible. A quota is a budget line, not money:
 * no postings.
 */
export interface SetQuota extends BudgetStreamKey {
  readonly type: 'SetQuota';
  readonly quotaYuan: string;
  readonly method: QuotaMethod;
  /** Required for 'allocation_run'; refused for 'manual'. */
  readonly runId?: string;
  /** The allocation inputs (R-BUD-1…6). Required for 'allocation_run' so an auditor can recompute. */
  readonly basis?: Readonly<Record<string, unknown>>;
  /** The fund's kind (registry, read by the handler): a hospital budget only on a pooled fund. */
  readonly fundKind?: FundKindFact;
}

export function decideSetQuota(command: SetQuota, state: HospitalBudgetState, context: DecisionContext): QuotaSet[] {
  const key = streamKeyOf(command, state);
  assertPooledFund(command.fundKind, key.fundId);
  assertOpen(state, key);
  const effectiveDate = assertEffectiveDate(context, key.year, 'budget');
  const quota = yuanInput(command.quotaYuan, 'quotaYuan');
  const method = oneOf(command.method, 'method', ['manual', 'allocation_run'] as const);
  const runId = method === 'allocation_run' ? idInput(command.runId, 'runId') : null;
  if (method === 'manual') absent(command.runId, 'runId', "only an 'allocation_run' quota has a run id");
  const basis = basisInput(command.basis, method === 'allocation_run');
  if (state.initialQuotaYuan !== null) {
    throw alreadyExists(`the quota of ${key.payeeId} for ${key.year} is already set; change it with AdjustQuota`);
  }
  const current = quota.plus(state.carriedInYuan);
  invariant(current.gt(0), 'the current quota must be positive');
  return [
    {
      type: 'QuotaSet',
      data: {
        ...eventBase(key, effectiveDate),
        quotaYuan: yuan(quota),
        method,
        runId,
        basis,
        carriedInYuan: yuan(state.carriedInYuan),
        currentQuotaYuan: yuan(current),
      },
    },
  ];
}

/** A plain JSON object, copied so the event cannot alias the caller's object. */
function basisInput(value: unknown, required: boolean): Readonly<Record<string, unknown>> | null {
  if (value === undefined || value === null) {
    if (required) throw invalidField('basis', 'an allocation run must record its inputs');
    return null;
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidField('basis', 'must be a JSON object');
  try {
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  } catch {
    throw invalidField('basis', 'must be JSON-serialisable');
  }
}
