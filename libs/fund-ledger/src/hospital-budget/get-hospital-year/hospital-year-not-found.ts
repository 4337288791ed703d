import { DomainError } from '@ledger/kernel';

/** Stable code of a hospital-year without events (its write-model view and its read model answer the same). */
export const HOSPITAL_YEAR_NOT_FOUND = 'HOSPITAL_YEAR_NOT_FOUND';

/** 404 HOSPITAL_YEAR_NOT_FOUND on payeeId; `asOf` names the position a past read stopped at. */
export function hospitalYearNotFound(fundId: string, payeeId: string, year: number, asOf: bigint | null = null): DomainError {
  const when = asOf === null ? '' : ` at or before position ${asOf.toString()}`;
  return new DomainError('not_found', HOSPITAL_YEAR_NOT_FOUND, `no budget events for ${payeeId} in fund ${fundId}, ${year}${when}`, 'payeeId');
}
