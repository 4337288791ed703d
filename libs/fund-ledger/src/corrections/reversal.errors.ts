import { DomainError } from '../shared/domain-error';

/** The corrections area's stable codes (add, never rename: clients depend on them). */
export const ReversalErrorCodes = {
  // 404
  EVENT_NOT_FOUND: 'EVENT_NOT_FOUND',
  REVERSAL_NOT_REQUESTED: 'REVERSAL_NOT_REQUESTED',
  // 422
  REVERSAL_OF_REVERSAL: 'REVERSAL_OF_REVERSAL',
  ALREADY_REVERSED: 'ALREADY_REVERSED',
  REVERSAL_PENDING: 'REVERSAL_PENDING',
  NOT_A_MONEY_EVENT: 'NOT_A_MONEY_EVENT',
  FOUR_EYES_REQUIRED: 'FOUR_EYES_REQUIRED',
  REVERSAL_BLOCKED: 'REVERSAL_BLOCKED',
  REVERSAL_NOT_SUPPORTED: 'REVERSAL_NOT_SUPPORTED',
} as const;
export type ReversalErrorCode = (typeof ReversalErrorCodes)[keyof typeof ReversalErrorCodes];

export const refuseReversal = (code: ReversalErrorCode, message: string, field?: string): DomainError =>
  new DomainError('business_rule', code, message, field);

export const reversalNotFound = (code: ReversalErrorCode, message: string, field?: string): DomainError =>
  new DomainError('not_found', code, message, field);
