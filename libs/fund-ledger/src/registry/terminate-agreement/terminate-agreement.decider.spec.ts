import { ErrorCodes } from '../../shared/domain-error';
import { agreementFor, isPayableOn } from '../agreement.queries';
import { payeeDecider } from '../registry.decider';
import { CONTEXT, given } from '../../test/decider-specification';
import {
  agreementSigned,
  agreementSuspended,
  agreementTerminated,
  FUND_ID,
  PAYEE_ID,
  payeeRegistered,
} from '../test/payee-fixtures';
import { TerminateAgreement } from './terminate-agreement.decider';

const terminate = (overrides: Partial<TerminateAgreement['data']> = {}): TerminateAgreement => ({
  type: 'TerminateAgreement',
  data: { payeeId: PAYEE_ID, fundId: FUND_ID, reason: 'R-ENF-1 fraud', ...overrides },
});

const terminated = {
  type: 'AgreementTerminated',
  data: {
    payeeId: PAYEE_ID,
    fundId: FUND_ID,
    agreementId: 'AG-2025',
    reason: 'R-ENF-1 fraud',
    effectiveFrom: CONTEXT.effectiveDate,
  },
} as const;

describe('TerminateAgreement', () => {
  it('terminates an active agreement (WE-8: fraud -> agreement terminated)', () => {
    given(payeeDecider, [payeeRegistered, agreementSigned()]).when(terminate()).then([terminated]);
  });

  it('terminates a suspended agreement', () => {
    given(payeeDecider, [payeeRegistered, agreementSigned(), agreementSuspended()])
      .when(terminate())
      .then([terminated]);
  });

  it('stops all payment under the agreement', () => {
    const { state } = given(payeeDecider, [payeeRegistered, agreementSigned(), agreementTerminated()]);
    const agreement = agreementFor(state, FUND_ID);
    expect(agreement?.status).toBe('terminated');
    expect(isPayableOn(agreement, '2025-07-01')).toBe(false);
  });

  describe('for cause (issue #14 §5)', () => {
    it('records forCause: true, and the agreement state says terminated for cause', () => {
      const [event] = given(payeeDecider, [payeeRegistered, agreementSigned()])
        .when(terminate({ forCause: true }))
        .then([{ ...terminated, data: { ...terminated.data, forCause: true } }]);
      const { state } = given(payeeDecider, [payeeRegistered, agreementSigned(), event!]);
      expect(state.status === 'registered' && state.agreements.get(FUND_ID)).toMatchObject({
        status: 'terminated',
        terminatedForCause: true,
      });
    });

    it('default: a termination that does not name it is recorded as before and is not for cause', () => {
      const { state } = given(payeeDecider, [payeeRegistered, agreementSigned(), agreementTerminated()]);
      expect(agreementTerminated().data).not.toHaveProperty('forCause');
      expect(state.status === 'registered' && state.agreements.get(FUND_ID)?.terminatedForCause).toBe(false);
    });

    it('records an explicit forCause: false', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned()])
        .when(terminate({ forCause: false }))
        .then([{ ...terminated, data: { ...terminated.data, forCause: false } }]);
    });

    it('400 INVALID_FIELD for a forCause that is not a boolean', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned()])
        .when(terminate({ forCause: 'yes' as unknown as boolean }))
        .thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'forCause' });
    });
  });

  describe('rejections', () => {
    it('404 PAYEE_NOT_FOUND', () => {
      given(payeeDecider).when(terminate()).thenRejects({ code: ErrorCodes.PAYEE_NOT_FOUND });
    });

    it('422 INVALID_TRANSITION: no agreement with the fund', () => {
      given(payeeDecider, [payeeRegistered]).when(terminate()).thenRejects({ code: ErrorCodes.INVALID_TRANSITION });
    });

    it('422 INVALID_TRANSITION: already terminated', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned(), agreementTerminated()])
        .when(terminate())
        .thenRejects({ kind: 'business_rule', code: ErrorCodes.INVALID_TRANSITION });
    });

    it('400: blank reason', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned()])
        .when(terminate({ reason: ' ' }))
        .thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'reason' });
    });
  });
});
