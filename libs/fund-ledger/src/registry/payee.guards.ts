import { invariant } from '../shared/decider';
import { DomainError, ErrorCodes, notFound, rejectRule } from '../shared/domain-error';
import { AgreementStatus } from './registry.events';
import { AgreementState, PayeeState } from './registry.state';

export type RegisteredPayeeState = Extract<PayeeState, { status: 'registered' }>;

/** Agreement commands need a registered payee; the command's payeeId must name the stream that was loaded. */
export function requireRegisteredPayee(state: PayeeState, payeeId: string): RegisteredPayeeState {
  if (state.status === 'unregistered') {
    throw notFound(ErrorCodes.PAYEE_NOT_FOUND, `payee ${payeeId} is not registered`, 'payeeId');
  }
  invariant(
    state.payee.payeeId === payeeId,
    `command for payee ${payeeId} decided on stream of ${state.payee.payeeId}`,
  );
  return state;
}

/**
 * The agreement a status change applies to, if its status is one of `from`. No agreement at all is
 * the state "none", from which no status change is possible, so it is an invalid transition too.
 */
export function requireAgreementIn(
  state: RegisteredPayeeState,
  fundId: string,
  from: readonly AgreementStatus[],
  action: string,
): AgreementState {
  const agreement = state.agreements.get(fundId);
  if (agreement === undefined) {
    throw invalidTransition(`cannot ${action}: payee ${state.payee.payeeId} has no agreement for fund ${fundId}`);
  }
  if (!from.includes(agreement.status)) {
    throw invalidTransition(`cannot ${action} agreement ${agreement.agreementId}: it is ${agreement.status}`);
  }
  return agreement;
}

export const invalidTransition = (message: string, field = 'fundId'): DomainError =>
  rejectRule(ErrorCodes.INVALID_TRANSITION, message, field);
