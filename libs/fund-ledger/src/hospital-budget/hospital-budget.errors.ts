import { DomainError, ErrorCodes } from '../shared/domain-error';

/**
 * Codes of this stream's own rules: an in-year clawback may not take back more than this fund approved
 * for the year; a monthly settlement may not be dated before its month has ended; budgets, prepayments
 * and settlements only on pooled funds; a co-fund only of a kind that may co-pay; a held year-end payment
 * released once. Stable: clients depend on them.
 */
export const HospitalBudgetErrorCodes = {
  CLAWBACK_EXCEEDS_APPROVED: ErrorCodes.CLAWBACK_EXCEEDS_APPROVED,
  MONTH_NOT_ENDED: ErrorCodes.MONTH_NOT_ENDED,
  FUND_KIND_NOT_POOLED: 'FUND_KIND_NOT_POOLED',
  CO_FUND_KIND_NOT_ALLOWED: 'CO_FUND_KIND_NOT_ALLOWED',
  NO_HELD_PAYMENT: 'NO_HELD_PAYMENT',
} as const;
export type HospitalBudgetErrorCode = (typeof HospitalBudgetErrorCodes)[keyof typeof HospitalBudgetErrorCodes];

/** A 422 for one of this stream's own rules. */
export function rejectLocalRule(code: HospitalBudgetErrorCode, message: string, field?: string): DomainError {
  return new DomainError('business_rule', code, message, field);
}

/** 409: an id or a one-per-stream fact already exists. */
export function alreadyExists(message: string, field?: string): DomainError {
  return new DomainError('conflict', ErrorCodes.ALREADY_EXISTS, message, field);
}
