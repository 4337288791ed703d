import { Decimal, yuan } from '@ledger/money';
import type { DecisionContext, Decider } from '../shared/decider';
import { assertNever, invariant } from '../shared/decider';
import { DomainError, ErrorCodes, invalidField, rejectRule } from '../shared/domain-error';
import { requireFundId } from '../registry/field-rules';
import { assertEffectiveDate } from '../hospital-budget/hospital-budget.guards';
import { idInput, oneOf, yearInput } from '../hospital-budget/hospital-budget.inputs';
import { digestOf } from './canonical';
import {
  type AllocationParamsRequest,
  MAX_RUN_HOSPITALS,
  methodInput,
  parseHospitalRecords,
  parseParams,
} from './allocation.inputs';
import { type AllocationMethod, computeAllocation } from './allocation.rules';
import {
  ALLOCATION_COLUMNS,
  type AllocationRunCommitted,
  type AllocationRunCommittedData,
  type AllocationRunEvent,
  allocationRunId,
  encodeLine,
  type HistorySource,
  type InputSource,
  METHOD_VERSION_PATTERN,
} from './allocation-run.events';
import { assertSupersedes, supersedesInput } from './fund-budget.decider';
import type { RunSupersedes } from './fund-budget.events';

/**
 * CommitAllocationRun: computes the run from its inputs (allocation.rules.ts) and records it as ONE event on
 * its own stream. Runs are idempotent by construction: the stream name is the run id, the append expects
 * no_stream, and a run already committed with the same inputs decides nothing (the caller answers with the
 * stored event); with other inputs it is 409 (choose another methodVersion).
 *
 * The facts come from other streams, read by the handler just before: the approved fund budget (the pool),
 * the run in force (supersede rule, checked again where it is authoritative: the adoption on the fund-budget
 * stream), and whether the fund-year is already closed.
 */
export interface RunFacts {
  /** The approved total for quotas, or null when the fund-year's budget is not approved. */
  readonly poolYuan: string | null;
  readonly inForceRunId: string | null;
  readonly adoptedRunIds: readonly string[];
  readonly fundYearClosed: boolean;
}

export interface CommitAllocationRun {
  readonly type: 'CommitAllocationRun';
  readonly fundId: string;
  readonly year: number;
  readonly method: AllocationMethod;
  readonly methodVersion: string;
  readonly params?: AllocationParamsRequest | null;
  /** Hospital records with the ledger's facts filled in (history from the ledger, carried-in credit). */
  readonly hospitals: readonly unknown[];
  readonly inputSource: InputSource;
  readonly importId: string | null;
  readonly historyFrom: HistorySource;
  readonly supersedes: RunSupersedes | null;
  readonly facts: RunFacts;
}

export interface AllocationRunState {
  readonly committed: AllocationRunCommittedData | null;
}

export const initialAllocationRunState = (): AllocationRunState => ({ committed: null });

export function evolveAllocationRun(state: AllocationRunState, event: AllocationRunEvent): AllocationRunState {
  switch (event.type) {
    case 'AllocationRunCommitted':
      invariant(state.committed === null, 'an allocation run is committed once');
      return { committed: event.data };
    default:
      return assertNever(event.type, 'allocation run event');
  }
}

/**
 * Validates and computes the run, without looking at the run stream: the preview (no write) and the
 * commit share it. Refuses (422) a fund-year without an approved budget.
 */
export function buildAllocationRun(command: CommitAllocationRun, context: DecisionContext): AllocationRunCommittedData {
  const fundId = requireFundId(command.fundId, 'fundId');
  const year = yearInput(command.year, 'year');
  const method = methodInput(command.method);
  if (typeof command.methodVersion !== 'string' || !METHOD_VERSION_PATTERN.test(command.methodVersion)) {
    throw invalidField('methodVersion', 'must be 1-14 characters of A-Z, a-z, 0-9, _ or . (no "-")');
  }
  const methodVersion = command.methodVersion;
  const runId = allocationRunId(fundId, year, methodVersion);
  idInput(runId, 'methodVersion'); // the run id is a quota's runId: no whitespace or ':', at most 100 characters
  const effectiveDate = assertEffectiveDate(context, year, 'budget');
  const inputSource = oneOf(command.inputSource, 'inputSource', ['inline', 'import'] as const);
  const historyFrom = oneOf(command.historyFrom, 'historyFrom', ['records', 'ledger'] as const);
  if (historyFrom === 'ledger' && method !== 'share_of_history') {
    throw invalidField(
      'historyFrom',
      'the ledger has spending but no case counts: the per-case methods take history from the records',
    );
  }
  const importId = inputSource === 'import' ? idInput(command.importId, 'importId') : null;
  if (inputSource === 'inline' && command.importId !== null && command.importId !== undefined) {
    throw invalidField('importId', "only an 'import' run names an import");
  }
  const supersedes = supersedesInput(command.supersedes);
  if (command.facts.poolYuan === null) {
    throw rejectRule(
      ErrorCodes.INVALID_TRANSITION,
      `approve the ${year} budget of fund ${fundId} (POST /fund-budgets) before allocating it`,
      'fundId',
    );
  }
  const params = parseParams(method, year, command.facts.poolYuan, command.params);
  const hospitals = parseHospitalRecords(command.hospitals, 'hospitals', {
    year,
    lookbackYears: params.lookbackYears,
    maxRecords: MAX_RUN_HOSPITALS,
  });
  const table = computeAllocation(params, hospitals);
  const inputsDigest = digestOf({
    method,
    methodVersion,
    params,
    inputSource,
    importId,
    historyFrom,
    supersedes,
    hospitals,
  });
  return {
    runId,
    fundId,
    year,
    effectiveDate,
    method,
    methodVersion,
    params,
    inputSource,
    importId,
    historyFrom,
    supersedes,
    classRates: table.classRates,
    totals: table.totals,
    inputsDigest,
    columns: [...ALLOCATION_COLUMNS],
    rows: table.lines.map((line) => encodeLine(line, params.lookbackYears)),
  };
}

export function decideCommitAllocationRun(
  command: CommitAllocationRun,
  state: AllocationRunState,
  context: DecisionContext,
): AllocationRunCommitted[] {
  const run = buildAllocationRun(command, context);
  if (state.committed !== null) {
    invariant(state.committed.runId === run.runId, 'command sent to another run stream');
    if (state.committed.inputsDigest === run.inputsDigest) return [];
    throw new DomainError(
      'conflict',
      ErrorCodes.ALREADY_EXISTS,
      `run ${run.runId} is already committed with other inputs; commit the new inputs under another methodVersion (and supersede the run in force)`,
      'methodVersion',
    );
  }
  if (command.facts.fundYearClosed) {
    throw rejectRule(ErrorCodes.PERIOD_CLOSED, `the ${run.year} year of fund ${run.fundId} is closed`, 'year');
  }
  assertSupersedes(run.runId, run.supersedes, command.facts.inForceRunId, command.facts.adoptedRunIds);
  if (!run.totals.withinPool) {
    const excess = new Decimal(run.totals.allocatedYuan).minus(run.totals.poolYuan);
    throw rejectRule(
      ErrorCodes.QUOTA_EXCEEDED,
      `the quotas add up to ${run.totals.allocatedYuan}, ${yuan(excess)} above the ${run.totals.poolYuan} approved for quotas; lower the factors or the expected cases, or revise the fund budget`,
      'hospitals',
    );
  }
  return [{ type: 'AllocationRunCommitted', data: run }];
}

export const allocationRunDecider: Decider<CommitAllocationRun, AllocationRunEvent, AllocationRunState> = {
  initialState: initialAllocationRunState,
  evolve: evolveAllocationRun,
  decide: decideCommitAllocationRun,
};
