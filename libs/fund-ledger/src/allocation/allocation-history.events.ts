import type { DomainEvent } from '../shared/decider';
import type { HospitalAllocationInput } from './allocation.rules';

/**
 * Imported allocation inputs for one fund-year (stream `allocation-history-{fundId}-{year}`): hospital
 * records (history, class, expected cases, last year's quota…) in chunks of at most 1,000, so a
 * 5,000–10,000-hospital run never needs a request body above the 1 MiB limit. An import is complete when
 * chunks 1..chunks are all in; a run with inputSource 'import' names the importId and takes every record.
 */
export const allocationHistoryStream = (fundId: string, year: number): string => `allocation-history-${fundId}-${year}`;

export const MAX_IMPORT_CHUNK_RECORDS = 1_000;
export const MAX_IMPORT_CHUNKS = 10;

export interface AllocationInputsImportedData {
  readonly fundId: string;
  readonly year: number;
  readonly effectiveDate: string;
  readonly importId: string;
  /** 1-based. */
  readonly chunk: number;
  readonly chunks: number;
  readonly records: readonly HospitalAllocationInput[];
  /** sha256 of the canonical records: a re-sent chunk with the same records appends nothing. */
  readonly recordsDigest: string;
}

export type AllocationInputsImported = DomainEvent<'AllocationInputsImported', AllocationInputsImportedData>;
export type AllocationHistoryEvent = AllocationInputsImported;
