import { DomainError } from '../shared/domain-error';

/**
 * The fund book's stable codes (add, never rename). They belong in shared/domain-error.ts ErrorCodes,
 * which this area does not own yet; the strings are final, so moving them there changes nothing on the wire.
 */
export const FundBookErrorCodes = {
  // 404
  OPEN_ITEM_NOT_FOUND: 'OPEN_ITEM_NOT_FOUND',
  // 409
  PAYMENT_ALREADY_RECORDED: 'PAYMENT_ALREADY_RECORDED',
  // 422
  OPENING_BALANCE_ALREADY_RECORDED: 'OPENING_BALANCE_ALREADY_RECORDED',
  OPENING_BALANCE_AFTER_POSTINGS: 'OPENING_BALANCE_AFTER_POSTINGS',
  OPENING_BALANCE_UNBALANCED: 'OPENING_BALANCE_UNBALANCED',
  BEFORE_OPENING_BALANCE: 'BEFORE_OPENING_BALANCE',
  FUND_KIND_MISMATCH: 'FUND_KIND_MISMATCH',
  PAYEE_KIND_MISMATCH: 'PAYEE_KIND_MISMATCH',
  FILING_DEADLINE_PASSED: 'FILING_DEADLINE_PASSED',
  PAID_BEFORE_APPROVAL: 'PAID_BEFORE_APPROVAL',
  OPEN_ITEM_KIND_MISMATCH: 'OPEN_ITEM_KIND_MISMATCH',
  AMOUNT_EXCEEDS_OUTSTANDING: 'AMOUNT_EXCEEDS_OUTSTANDING',
} as const;
export type FundBookErrorCode = (typeof FundBookErrorCodes)[keyof typeof FundBookErrorCodes];

export const refuse = (code: FundBookErrorCode, message: string, field?: string): DomainError =>
  new DomainError('business_rule', code, message, field);
