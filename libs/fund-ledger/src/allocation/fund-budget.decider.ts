import { Decimal, sum, yuan } from '@ledger/money';
import type { DecisionContext, Decider } from '../shared/decider';
import { assertNever, invariant } from '../shared/decider';
import { DomainError, ErrorCodes, invalidField, rejectRule } from '../shared/domain-error';
import { requireFundId } from '../registry/field-rules';
import { assertEffectiveDate } from '../hospital-budget/hospital-budget.guards';
import {
  absent,
  arrayInput,
  idInput,
  textInput,
  yearInput,
  yuanInput,
} from '../hospital-budget/hospital-budget.inputs';
import { canonicalText } from './canonical';
import { ALLOCATION_METHODS, type AllocationMethod } from './allocation.rules';
import type {
  AllocationRunAdopted,
  AllocationRunAdoptedData,
  EarmarkLine,
  FundBudgetApproved,
  FundBudgetApprovedData,
  FundBudgetEvent,
  RunSupersedes,
} from './fund-budget.events';

/**
 * The fund-year budget stream's decider.
 * - ApproveFundBudget: once per fund-year. total = projected income − reserve − Σ earmarks, or the
 *   difference is recorded with its reason (a negotiated total, R-BUD-5). The same approval again decides
 *   nothing; another one is 409 (revisions are a later feature).
 * - AdoptAllocationRun: puts a committed run in force. The first needs no supersedes; every later one
 *   must name the run in force. Adopting the run already in force decides nothing (a resumed commit).
 */
export const MAX_EARMARKS = 50;
export const MAX_NAME_LENGTH = 100;
export const MAX_REASON_LENGTH = 200;

export interface FundBudgetBasisInput {
  readonly projectedIncomeYuan: string;
  readonly reserveYuan: string;
  readonly excludedEarmarks: ReadonlyArray<{ readonly name: string; readonly amountYuan: string }>;
}

export interface ApproveFundBudget {
  readonly type: 'ApproveFundBudget';
  readonly fundId: string;
  readonly year: number;
  readonly totalForQuotasYuan: string;
  readonly basis: FundBudgetBasisInput;
  readonly differenceReason?: string | null;
}

export interface AdoptAllocationRun {
  readonly type: 'AdoptAllocationRun';
  readonly fundId: string;
  readonly year: number;
  readonly runId: string;
  readonly method: AllocationMethod;
  readonly methodVersion: string;
  readonly supersedes: RunSupersedes | null;
  readonly hospitals: number;
  readonly allocatedYuan: string;
}

export type FundBudgetCommand = ApproveFundBudget | AdoptAllocationRun;

export interface FundBudgetState {
  readonly key: { readonly fundId: string; readonly year: number } | null;
  readonly approved: FundBudgetApprovedData | null;
  /** The run in force, or null. */
  readonly adoptedRunId: string | null;
  /** Every adoption, oldest first (the in-force run last). */
  readonly adoptions: readonly AllocationRunAdoptedData[];
}

export const initialFundBudgetState = (): FundBudgetState => ({
  key: null,
  approved: null,
  adoptedRunId: null,
  adoptions: [],
});

export function evolveFundBudget(state: FundBudgetState, event: FundBudgetEvent): FundBudgetState {
  const key = { fundId: event.data.fundId, year: event.data.year };
  invariant(
    state.key === null || (state.key.fundId === key.fundId && state.key.year === key.year),
    'fund-budget event for another fund-year',
  );
  switch (event.type) {
    case 'FundBudgetApproved':
      return { ...state, key, approved: event.data };
    case 'AllocationRunAdopted':
      return { ...state, key, adoptedRunId: event.data.runId, adoptions: [...state.adoptions, event.data] };
    default:
      return assertNever(event, 'fund budget event');
  }
}

export function decideFundBudget(
  command: FundBudgetCommand,
  state: FundBudgetState,
  context: DecisionContext,
): FundBudgetEvent[] {
  switch (command.type) {
    case 'ApproveFundBudget':
      return decideApprove(command, state, context);
    case 'AdoptAllocationRun':
      return decideAdopt(command, state, context);
    default:
      return assertNever(command, 'fund budget command');
  }
}

export const fundBudgetDecider: Decider<FundBudgetCommand, FundBudgetEvent, FundBudgetState> = {
  initialState: initialFundBudgetState,
  evolve: evolveFundBudget,
  decide: decideFundBudget,
};

function keyOf(command: { fundId: string; year: number }, state: FundBudgetState): { fundId: string; year: number } {
  const key = { fundId: requireFundId(command.fundId, 'fundId'), year: yearInput(command.year, 'year') };
  invariant(
    state.key === null || (state.key.fundId === key.fundId && state.key.year === key.year),
    'command sent to another fund-year stream',
  );
  return key;
}

function decideApprove(
  command: ApproveFundBudget,
  state: FundBudgetState,
  context: DecisionContext,
): FundBudgetApproved[] {
  const { fundId, year } = keyOf(command, state);
  const effectiveDate = assertEffectiveDate(context, year, 'budget');
  const total = yuanInput(command.totalForQuotasYuan, 'totalForQuotasYuan');
  if (typeof command.basis !== 'object' || command.basis === null) throw invalidField('basis', 'must be an object');
  const income = yuanInput(command.basis.projectedIncomeYuan, 'basis.projectedIncomeYuan', 'non_negative');
  const reserve = yuanInput(command.basis.reserveYuan, 'basis.reserveYuan', 'non_negative');
  const earmarks = earmarksOf(command.basis.excludedEarmarks);
  const computed = income.minus(reserve).minus(sum(earmarks.map((e) => new Decimal(e.amountYuan))));
  const difference = total.minus(computed);
  let differenceReason: string | null = null;
  if (difference.isZero()) {
    absent(
      command.differenceReason,
      'differenceReason',
      'the total equals income − reserve − earmarks: there is no difference to explain',
    );
  } else {
    differenceReason = textInput(command.differenceReason, 'differenceReason', MAX_REASON_LENGTH);
  }
  const data: FundBudgetApprovedData = {
    fundId,
    year,
    effectiveDate,
    totalForQuotasYuan: yuan(total),
    basis: { projectedIncomeYuan: yuan(income), reserveYuan: yuan(reserve), excludedEarmarks: earmarks },
    computedTotalYuan: yuan(computed),
    differenceYuan: yuan(difference),
    differenceReason,
  };
  if (state.approved !== null) {
    if (sameApproval(state.approved, data)) return [];
    throw new DomainError(
      'conflict',
      ErrorCodes.ALREADY_EXISTS,
      `the ${year} budget of fund ${fundId} is already approved (${state.approved.totalForQuotasYuan} for quotas); a revision is not supported`,
      'totalForQuotasYuan',
    );
  }
  return [{ type: 'FundBudgetApproved', data }];
}

function sameApproval(a: FundBudgetApprovedData, b: FundBudgetApprovedData): boolean {
  const { effectiveDate: _a, ...left } = a;
  const { effectiveDate: _b, ...right } = b;
  return canonicalText(left) === canonicalText(right);
}

function earmarksOf(raw: unknown): EarmarkLine[] {
  const list = arrayInput(raw ?? [], 'basis.excludedEarmarks', MAX_EARMARKS);
  const names = new Set<string>();
  return list.map((item, i) => {
    const at = `basis.excludedEarmarks[${i}]`;
    if (typeof item !== 'object' || item === null) throw invalidField(at, 'must be an object');
    const line = item as { name?: unknown; amountYuan?: unknown };
    const name = textInput(line.name, `${at}.name`, MAX_NAME_LENGTH);
    if (names.has(name)) throw invalidField(`${at}.name`, `${name} is listed twice`);
    names.add(name);
    return { name, amountYuan: yuan(yuanInput(line.amountYuan, `${at}.amountYuan`)) };
  });
}

export function supersedesInput(value: unknown): RunSupersedes | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalidField('supersedes', 'must be an object {runId, reason}');
  const s = value as { runId?: unknown; reason?: unknown };
  return {
    runId: idInput(s.runId, 'supersedes.runId'),
    reason: textInput(s.reason, 'supersedes.reason', MAX_REASON_LENGTH),
  };
}

/**
 * The supersede rule, shared by the run's commit (early answer) and the adoption (the authoritative check,
 * at the fund-budget stream's exact revision).
 */
export function assertSupersedes(
  runId: string,
  supersedes: RunSupersedes | null,
  inForce: string | null,
  adoptedBefore: readonly string[],
): void {
  if (adoptedBefore.includes(runId) && inForce !== runId) {
    throw rejectRule(
      ErrorCodes.INVALID_TRANSITION,
      `run ${runId} was superseded; commit a new methodVersion instead`,
      'methodVersion',
    );
  }
  if (supersedes === null) {
    if (inForce !== null && inForce !== runId) {
      throw new DomainError(
        'conflict',
        ErrorCodes.ALREADY_EXISTS,
        `run ${inForce} is in force for this fund-year; a new run must name it in supersedes {runId, reason}`,
        'supersedes',
      );
    }
    return;
  }
  if (supersedes.runId === runId) throw invalidField('supersedes.runId', 'a run cannot supersede itself');
  if (inForce === null) {
    throw rejectRule(
      ErrorCodes.INVALID_TRANSITION,
      `no run is in force for this fund-year, so ${supersedes.runId} cannot be superseded`,
      'supersedes.runId',
    );
  }
  if (supersedes.runId !== inForce) {
    throw new DomainError(
      'conflict',
      ErrorCodes.ALREADY_EXISTS,
      `run ${inForce} is in force, not ${supersedes.runId}`,
      'supersedes.runId',
    );
  }
}

function decideAdopt(
  command: AdoptAllocationRun,
  state: FundBudgetState,
  context: DecisionContext,
): AllocationRunAdopted[] {
  const { fundId, year } = keyOf(command, state);
  const effectiveDate = assertEffectiveDate(context, year, 'budget');
  const runId = idInput(command.runId, 'runId');
  if (state.approved === null) {
    throw rejectRule(
      ErrorCodes.INVALID_TRANSITION,
      `approve the ${year} budget of fund ${fundId} before adopting an allocation run`,
      'fundId',
    );
  }
  if (state.adoptedRunId === runId) return [];
  const supersedes = supersedesInput(command.supersedes);
  assertSupersedes(
    runId,
    supersedes,
    state.adoptedRunId,
    state.adoptions.map((a) => a.runId),
  );
  const allocated = yuanInput(command.allocatedYuan, 'allocatedYuan');
  if (allocated.gt(state.approved.totalForQuotasYuan)) {
    throw rejectRule(
      ErrorCodes.QUOTA_EXCEEDED,
      `run ${runId} allocates ${yuan(allocated)}, above the ${state.approved.totalForQuotasYuan} approved for quotas`,
      'allocatedYuan',
    );
  }
  invariant(Number.isInteger(command.hospitals) && command.hospitals > 0, 'an adopted run has hospitals');
  invariant((ALLOCATION_METHODS as readonly string[]).includes(command.method), 'an adopted run has a known method');
  return [
    {
      type: 'AllocationRunAdopted',
      data: {
        fundId,
        year,
        effectiveDate,
        runId,
        method: command.method,
        methodVersion: command.methodVersion,
        supersedes,
        hospitals: command.hospitals,
        allocatedYuan: yuan(allocated),
      },
    },
  ];
}
