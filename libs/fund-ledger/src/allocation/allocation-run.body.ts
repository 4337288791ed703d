import type { JsonObject } from '@ledger/event-store';
import type { AllocationRunInputsRequest, HospitalRecordRequest } from './allocation.request.dto';
import type { AllocationParamsRequest, HospitalRecordRequest as HospitalRecord } from './allocation.inputs';
import type { AllocationMethod } from './allocation.rules';
import type {
  AllocationLineView,
  AllocationRunCommittedData,
  HistorySource,
  InputSource,
} from './allocation-run.events';
import type { RunSupersedes } from './fund-budget.events';

/** A run as the planner sends it (HTTP body without commandId, or the CLI's input file). */
export interface AllocationRunRequestBody {
  readonly fundId: string;
  readonly year: number;
  readonly method: AllocationMethod;
  readonly methodVersion: string;
  readonly params?: AllocationParamsRequest | null;
  /** Default 'inline': the records are in `hospitals`. 'import': the records of `importId`. */
  readonly inputSource?: InputSource;
  readonly importId?: string | null;
  /** Default 'records'. 'ledger': spending from the budget streams' YearEndSettled (share method). */
  readonly historyFrom?: HistorySource;
  readonly hospitals?: readonly HospitalRecord[] | null;
  readonly supersedes?: RunSupersedes | null;
  readonly effectiveDate?: string;
}

/** A committed run without its line table. */
export type RunSummary = Omit<AllocationRunCommittedData, 'rows' | 'columns'>;

/** A run in force or superseded, with its lines (GET /allocation-runs/{fundId}/{year}). */
export interface RunView extends RunSummary {
  readonly status: 'in_force' | 'superseded';
  readonly adoptedOn: string;
  readonly lines: AllocationLineView[];
}

export function summaryOf(run: AllocationRunCommittedData): RunSummary {
  const { rows: _rows, columns: _columns, ...summary } = run;
  return summary;
}

/** Plain data from the validated DTO (class instances carry undefined keys and class identity). */
export function runBody(request: AllocationRunInputsRequest): AllocationRunRequestBody {
  const plain = JSON.parse(JSON.stringify(request)) as AllocationRunInputsRequest & { commandId?: string };
  const { commandId: _commandId, ...body } = plain;
  return body;
}

export function recordsOf(records: readonly HospitalRecordRequest[]): HospitalRecord[] {
  return JSON.parse(JSON.stringify(records)) as HospitalRecord[];
}

/** A derived command's body as stored JSON (what its hash is taken of). */
export function toJson(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
