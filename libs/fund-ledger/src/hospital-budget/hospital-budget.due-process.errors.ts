import { DomainError } from '../shared/domain-error';

/**
 * Codes of the due-process rules (objections, supplementary settlements, appeals; issue #14 §2). Stable:
 * clients depend on them. FORBIDDEN_PAYEE (403, a hospital token acting for another payee) is the
 * auth guard's, not a decider's.
 */
export const DueProcessErrorCodes = {
  /** 404: the month has no settlement (no audit opinion) to object to. */
  SETTLEMENT_NOT_FOUND: 'SETTLEMENT_NOT_FOUND',
  /** 422: past statement date + the policy's window (calendar days, the last included). */
  OBJECTION_WINDOW_CLOSED: 'OBJECTION_WINDOW_CLOSED',
  /** 422: one objection per settlement month. */
  OBJECTION_ALREADY_FILED: 'OBJECTION_ALREADY_FILED',
  /** 422: a hospital files on the day it sends (no backdating into the window). */
  OBJECTION_DATE_NOT_TODAY: 'OBJECTION_DATE_NOT_TODAY',
  /** 404: no objection to this month. */
  OBJECTION_NOT_FOUND: 'OBJECTION_NOT_FOUND',
  /** 422: the objection was decided already. */
  OBJECTION_ALREADY_DECIDED: 'OBJECTION_ALREADY_DECIDED',
  /** 404: no liquidated damages or fine under this id on the hospital-year. */
  PENALTY_NOT_FOUND: 'PENALTY_NOT_FOUND',
  /** 422: cancelled on appeal already. */
  PENALTY_ALREADY_CANCELLED: 'PENALTY_ALREADY_CANCELLED',
  /** 422: the year-end settlement waits until every objection of the year is decided. */
  OBJECTION_PENDING: 'OBJECTION_PENDING',
  /** 422: part of the damages was recovered: refunding it is a payment, not a cancellation. */
  PENALTY_ALREADY_RECOVERED: 'PENALTY_ALREADY_RECOVERED',
} as const;
export type DueProcessErrorCode = (typeof DueProcessErrorCodes)[keyof typeof DueProcessErrorCodes];

export const rejectDueProcess = (code: DueProcessErrorCode, message: string, field?: string): DomainError =>
  new DomainError('business_rule', code, message, field);

export const dueProcessNotFound = (code: DueProcessErrorCode, message: string, field?: string): DomainError =>
  new DomainError('not_found', code, message, field);
