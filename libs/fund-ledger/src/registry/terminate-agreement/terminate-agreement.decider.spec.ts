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
