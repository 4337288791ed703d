import { ErrorCodes } from '../../shared/domain-error';
import { payeeDecider } from '../registry.decider';
import { CONTEXT, given } from '../../test/decider-specification';
import {
  agreementReinstated,
  agreementSigned,
  agreementSuspended,
  agreementTerminated,
  FUND_ID,
  PAYEE_ID,
  payeeRegistered,
} from '../test/payee-fixtures';
import { SuspendAgreement } from './suspend-agreement.decider';

const suspend = (overrides: Partial<SuspendAgreement['data']> = {}): SuspendAgreement => ({
  type: 'SuspendAgreement',
  data: { payeeId: PAYEE_ID, fundId: FUND_ID, reason: 'R-ENF-7 phantom beds', ...overrides },
});

describe('SuspendAgreement', () => {
  it('suspends an active agreement from the effective date', () => {
    given(payeeDecider, [payeeRegistered, agreementSigned()])
      .when(suspend({ untilDate: '2025-10-31' }))
      .then([
        {
          type: 'AgreementSuspended',
          data: {
            payeeId: PAYEE_ID,
            fundId: FUND_ID,
            agreementId: 'AG-2025',
            reason: 'R-ENF-7 phantom beds',
            effectiveFrom: CONTEXT.effectiveDate,
            untilDate: '2025-10-31',
          },
        },
      ]);
  });

  it('records an open-ended suspension with untilDate null', () => {
    const events = given(payeeDecider, [payeeRegistered, agreementSigned()]).when(suspend()).events();
    expect(events[0]?.data).toMatchObject({ untilDate: null });
  });

  it('suspends again after a reinstatement', () => {
    const events = given(payeeDecider, [
      payeeRegistered,
      agreementSigned(),
      agreementSuspended(),
      agreementReinstated(),
    ])
      .when(suspend())
      .events();
    expect(events.map((e) => e.type)).toEqual(['AgreementSuspended']);
  });

  describe('rejections', () => {
    it('404 PAYEE_NOT_FOUND', () => {
      given(payeeDecider).when(suspend()).thenRejects({ kind: 'not_found', code: ErrorCodes.PAYEE_NOT_FOUND });
    });

    it('422 INVALID_TRANSITION: no agreement with the fund', () => {
      given(payeeDecider, [payeeRegistered])
        .when(suspend())
        .thenRejects({ kind: 'business_rule', code: ErrorCodes.INVALID_TRANSITION, field: 'fundId' });
    });

    it('422 INVALID_TRANSITION: already suspended', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned(), agreementSuspended()])
        .when(suspend())
        .thenRejects({ code: ErrorCodes.INVALID_TRANSITION });
    });

    it('422 INVALID_TRANSITION: terminated', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned(), agreementTerminated()])
        .when(suspend())
        .thenRejects({ code: ErrorCodes.INVALID_TRANSITION });
    });

    it.each([
      ['untilDate', { untilDate: '2025-06-29' }],
      ['untilDate', { untilDate: '2025-06-31' }],
      ['reason', { reason: '' }],
      ['fundId', { fundId: '' }],
    ] as const)('400: invalid %s (%j)', (field, overrides) => {
      given(payeeDecider, [payeeRegistered, agreementSigned()])
        .when(suspend(overrides))
        .thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field });
    });
  });
});
