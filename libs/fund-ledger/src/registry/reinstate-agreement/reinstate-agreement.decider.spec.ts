import { ErrorCodes } from '../../shared/domain-error';
import { agreementFor } from '../agreement.queries';
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
import { ReinstateAgreement } from './reinstate-agreement.decider';

const reinstate = (overrides: Partial<ReinstateAgreement['data']> = {}): ReinstateAgreement => ({
  type: 'ReinstateAgreement',
  data: { payeeId: PAYEE_ID, fundId: FUND_ID, reason: 'rectified', ...overrides },
});

describe('ReinstateAgreement', () => {
  it('reinstates a suspended agreement', () => {
    given(payeeDecider, [payeeRegistered, agreementSigned(), agreementSuspended('AG-2025', '2025-10-31')])
      .when(reinstate())
      .then([
        {
          type: 'AgreementReinstated',
          data: {
            payeeId: PAYEE_ID,
            fundId: FUND_ID,
            agreementId: 'AG-2025',
            reason: 'rectified',
            effectiveFrom: CONTEXT.effectiveDate,
          },
        },
      ]);
  });

  it('leaves the agreement active with its dates unchanged', () => {
    const history = [payeeRegistered, agreementSigned(), agreementSuspended()];
    const events = given(payeeDecider, history).when(reinstate()).events();
    const { state } = given(payeeDecider, [...history, ...events]);
    expect(agreementFor(state, FUND_ID)).toEqual({
      agreementId: 'AG-2025',
      status: 'active',
      validFrom: '2025-01-01',
      validTo: '2025-12-31',
    });
  });

  describe('rejections', () => {
    it('404 PAYEE_NOT_FOUND', () => {
      given(payeeDecider).when(reinstate()).thenRejects({ code: ErrorCodes.PAYEE_NOT_FOUND });
    });

    it('422 INVALID_TRANSITION: no agreement with the fund', () => {
      given(payeeDecider, [payeeRegistered]).when(reinstate()).thenRejects({ code: ErrorCodes.INVALID_TRANSITION });
    });

    it('422 INVALID_TRANSITION: the agreement is active, not suspended', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned()])
        .when(reinstate())
        .thenRejects({ kind: 'business_rule', code: ErrorCodes.INVALID_TRANSITION });
    });

    it('422 INVALID_TRANSITION: termination is final', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned(), agreementSuspended(), agreementTerminated()])
        .when(reinstate())
        .thenRejects({ code: ErrorCodes.INVALID_TRANSITION });
    });

    it('400: blank reason', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned(), agreementSuspended()])
        .when(reinstate({ reason: '' }))
        .thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'reason' });
    });
  });
});
