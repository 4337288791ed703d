/**
 * The fund ledger's stable error codes. The error class and its kinds live in the kernel (@ledger/kernel),
 * which the platform imports too, so nothing recognises an error by its name.
 */
import { DomainError } from '@ledger/kernel';

export { DomainError, type DomainErrorKind } from '@ledger/kernel';

/** Stable codes. Add, never rename: clients depend on them. */
export const ErrorCodes = {
  // 400
  INVALID_FIELD: 'INVALID_FIELD',
  // 404
  FUND_NOT_FOUND: 'FUND_NOT_FOUND',
  PAYEE_NOT_FOUND: 'PAYEE_NOT_FOUND',
  POLICY_NOT_FOUND: 'POLICY_NOT_FOUND',
  QUOTA_NOT_SET: 'QUOTA_NOT_SET',
  RECEIVABLE_NOT_FOUND: 'RECEIVABLE_NOT_FOUND',
  // 409
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  // 422
  QUOTA_EXCEEDED: 'QUOTA_EXCEEDED',
  PERIOD_CLOSED: 'PERIOD_CLOSED',
  PERIOD_NOT_CLOSED: 'PERIOD_NOT_CLOSED',
  AGREEMENT_INACTIVE: 'AGREEMENT_INACTIVE',
  POLICY_FROZEN: 'POLICY_FROZEN',
  FUND_KIND_MISMATCH: 'FUND_KIND_MISMATCH',
  MONTH_ALREADY_SETTLED: 'MONTH_ALREADY_SETTLED',
  MONTH_ALREADY_PREPAID: 'MONTH_ALREADY_PREPAID',
  SCORE_MISSING: 'SCORE_MISSING',
  RECOVERY_EXCEEDS_OUTSTANDING: 'RECOVERY_EXCEEDS_OUTSTANDING',
  REFUSAL_EXCEEDS_CLAIM: 'REFUSAL_EXCEEDS_CLAIM',
  EFFECTIVE_DATE_OUTSIDE_YEAR: 'EFFECTIVE_DATE_OUTSIDE_YEAR',
  WRONG_PERIOD_FOR_LATE_POSTING: 'WRONG_PERIOD_FOR_LATE_POSTING',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  RATES_NOT_SET: 'RATES_NOT_SET',
  INVALID_QUOTA_ADJUSTMENT: 'INVALID_QUOTA_ADJUSTMENT',
  CLAWBACK_EXCEEDS_APPROVED: 'CLAWBACK_EXCEEDS_APPROVED',
  MONTH_NOT_ENDED: 'MONTH_NOT_ENDED',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export const rejectRule = (code: ErrorCode, message: string, field?: string): DomainError =>
  new DomainError('business_rule', code, message, field);
export const notFound = (code: ErrorCode, message: string, field?: string): DomainError =>
  new DomainError('not_found', code, message, field);
export const invalidField = (field: string, message: string): DomainError =>
  new DomainError('validation', ErrorCodes.INVALID_FIELD, message, field);
