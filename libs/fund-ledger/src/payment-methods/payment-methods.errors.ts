import { DomainError } from '../shared/domain-error';

/**
 * Codes of the payment-method rules (rate tables, method settlements, quarterly clearing). Stable: clients
 * depend on them. All are 422 business rules; a malformed field is a 400 INVALID_FIELD.
 */
export const PaymentMethodErrorCodes = {
  RATE_TABLE_NOT_SET: 'RATE_TABLE_NOT_SET',
  RATE_NOT_IN_TABLE: 'RATE_NOT_IN_TABLE',
  UNKNOWN_GROUP_CODE: 'UNKNOWN_GROUP_CODE',
  UNKNOWN_DISEASE_CODE: 'UNKNOWN_DISEASE_CODE',
  WEIGHT_NOT_IN_TABLE: 'WEIGHT_NOT_IN_TABLE',
  METHOD_NOT_ASSIGNED: 'METHOD_NOT_ASSIGNED',
  METHOD_ALREADY_SETTLED: 'METHOD_ALREADY_SETTLED',
  METHODS_ALREADY_USED: 'METHODS_ALREADY_USED',
  QUARTER_INCOMPLETE: 'QUARTER_INCOMPLETE',
  QUARTER_ALREADY_CLEARED: 'QUARTER_ALREADY_CLEARED',
  RATE_TABLE_VERSION_LIMIT: 'RATE_TABLE_VERSION_LIMIT',
} as const;
export type PaymentMethodErrorCode = (typeof PaymentMethodErrorCodes)[keyof typeof PaymentMethodErrorCodes];

export function rejectMethodRule(code: PaymentMethodErrorCode, message: string, field?: string): DomainError {
  return new DomainError('business_rule', code, message, field);
}
