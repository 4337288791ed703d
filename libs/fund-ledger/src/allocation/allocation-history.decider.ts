import type { DecisionContext, Decider } from '../shared/decider';
import { assertNever, invariant } from '../shared/decider';
import { DomainError, ErrorCodes, invalidField, rejectRule } from '../shared/domain-error';
import { requireFundId } from '../registry/field-rules';
import { assertEffectiveDate } from '../hospital-budget/hospital-budget.guards';
import { idInput, yearInput } from '../hospital-budget/hospital-budget.inputs';
import { digestOf } from './canonical';
import { parseHospitalRecords } from './allocation.inputs';
import type { HospitalAllocationInput } from './allocation.rules';
import {
  type AllocationHistoryEvent,
  type AllocationInputsImported,
  type AllocationInputsImportedData,
  MAX_IMPORT_CHUNK_RECORDS,
  MAX_IMPORT_CHUNKS,
} from './allocation-history.events';

/**
 * ImportAllocationInputs: one chunk (≤ 1,000 hospital records) of an import. Chunks may arrive in any order
 * and be re-sent: a chunk already in with the same records decides nothing, with other records it is 409.
 * Every chunk of an import declares the same number of chunks; a payee appears once per import. History
 * years may be any of the 10 years before the budget year (a run keeps its lookback years).
 */
export interface ImportAllocationInputs {
  readonly type: 'ImportAllocationInputs';
  readonly fundId: string;
  readonly year: number;
  readonly importId: string;
  readonly chunk: number;
  readonly chunks: number;
  readonly records: readonly unknown[];
}

export interface ImportProgress {
  readonly chunks: number;
  /** chunk number -> records digest */
  readonly received: ReadonlyMap<number, string>;
  /** payee id -> chunk number */
  readonly payees: ReadonlyMap<string, number>;
}

export interface AllocationHistoryState {
  readonly imports: ReadonlyMap<string, ImportProgress>;
}

export const initialAllocationHistoryState = (): AllocationHistoryState => ({ imports: new Map() });

export function evolveAllocationHistory(
  state: AllocationHistoryState,
  event: AllocationHistoryEvent,
): AllocationHistoryState {
  switch (event.type) {
    case 'AllocationInputsImported': {
      const { importId, chunk, chunks, records, recordsDigest } = event.data;
      const before = state.imports.get(importId) ?? { chunks, received: new Map(), payees: new Map() };
      invariant(
        before.chunks === chunks && !before.received.has(chunk),
        `chunk ${chunk} of import ${importId} is consistent and new`,
      );
      const payees = new Map(before.payees);
      for (const r of records) payees.set(r.payeeId, chunk);
      const progress: ImportProgress = { chunks, received: new Map(before.received).set(chunk, recordsDigest), payees };
      return { imports: new Map(state.imports).set(importId, progress) };
    }
    default:
      return assertNever(event.type, 'allocation history event');
  }
}

export function isComplete(progress: ImportProgress | undefined): boolean {
  return progress !== undefined && progress.received.size === progress.chunks;
}

export function decideImportAllocationInputs(
  command: ImportAllocationInputs,
  state: AllocationHistoryState,
  context: DecisionContext,
): AllocationInputsImported[] {
  const fundId = requireFundId(command.fundId, 'fundId');
  const year = yearInput(command.year, 'year');
  const effectiveDate = assertEffectiveDate(context, year, 'budget');
  const importId = idInput(command.importId, 'importId');
  const chunks = integerIn(command.chunks, 'chunks', 1, MAX_IMPORT_CHUNKS);
  const chunk = integerIn(command.chunk, 'chunk', 1, chunks);
  const records: HospitalAllocationInput[] = parseHospitalRecords(command.records, 'records', {
    year,
    lookbackYears: null,
    maxRecords: MAX_IMPORT_CHUNK_RECORDS,
  });
  records.forEach((r, i) => {
    if (r.carriedInYuan !== '0.00')
      throw invalidField(`records[${i}].carriedInYuan`, 'carried-in credits come from the ledger, not from an import');
  });
  const recordsDigest = digestOf(records);
  const progress = state.imports.get(importId);
  if (progress !== undefined) {
    if (progress.chunks !== chunks) {
      throw rejectRule(
        ErrorCodes.INVALID_TRANSITION,
        `import ${importId} has ${progress.chunks} chunks, not ${chunks}`,
        'chunks',
      );
    }
    const earlier = progress.received.get(chunk);
    if (earlier === recordsDigest) return [];
    if (earlier !== undefined) {
      throw new DomainError(
        'conflict',
        ErrorCodes.ALREADY_EXISTS,
        `chunk ${chunk} of import ${importId} is already in with other records; start a new importId`,
        'chunk',
      );
    }
    records.forEach((r, i) => {
      const other = progress.payees.get(r.payeeId);
      if (other !== undefined)
        throw invalidField(`records[${i}].payeeId`, `${r.payeeId} is already in chunk ${other} of import ${importId}`);
    });
  }
  const data: AllocationInputsImportedData = {
    fundId,
    year,
    effectiveDate,
    importId,
    chunk,
    chunks,
    records,
    recordsDigest,
  };
  return [{ type: 'AllocationInputsImported', data }];
}

function integerIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidField(field, `must be an integer ${min}..${max}`);
  }
  return value;
}

export const allocationHistoryDecider: Decider<ImportAllocationInputs, AllocationHistoryEvent, AllocationHistoryState> =
  {
    initialState: initialAllocationHistoryState,
    evolve: evolveAllocationHistory,
    decide: decideImportAllocationInputs,
  };
