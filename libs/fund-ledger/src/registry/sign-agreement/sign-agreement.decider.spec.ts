import { ErrorCodes } from '../../shared/domain-error';
import { payeeDecider } from '../registry.decider';
import { given } from '../../test/decider-specification';
import {
  agreementReinstated,
  agreementSigned,
  agreementSuspended,
  agreementTerminated,
  FUND_ID,
  PAYEE_ID,
  payeeRegistered,
} from '../test/payee-fixtures';
import { SignAgreement } from './sign-agreement.decider';

const sign = (overrides: Partial<SignAgreement['data']> = {}): SignAgreement => ({
  type: 'SignAgreement',
  data: {
    payeeId: PAYEE_ID,
    agreementId: 'AG-2025',
    fundId: FUND_ID,
    validFrom: '2025-01-01',
    validTo: '2025-12-31',
    ...overrides,
  },
});

const renewal = (overrides: Partial<SignAgreement['data']> = {}): SignAgreement =>
  sign({ agreementId: 'AG-2026', validFrom: '2026-01-01', validTo: '2026-12-31', ...overrides });

describe('SignAgreement', () => {
  it('signs a first one-year agreement with a fund', () => {
    given(payeeDecider, [payeeRegistered]).when(sign()).then([agreementSigned()]);
  });

  it('signs agreements with several funds independently', () => {
    given(payeeDecider, [payeeRegistered, agreementSigned()])
      .when(sign({ agreementId: 'AG-RES-2025', fundId: 'QZ-RES-POOL' }))
      .then([agreementSigned('AG-RES-2025', '2025-01-01', '2025-12-31', null, 'QZ-RES-POOL')]);
  });

  it('renews: the new signing replaces the current agreement for that fund', () => {
    const renewed = agreementSigned('AG-2026', '2026-01-01', '2026-12-31', 'AG-2025');
    given(payeeDecider, [payeeRegistered, agreementSigned()]).when(renewal()).then([renewed]);
    const { state } = given(payeeDecider, [payeeRegistered, agreementSigned(), renewed]);
    expect(state.status === 'registered' && state.agreements.get(FUND_ID)).toMatchObject({
      agreementId: 'AG-2026',
      status: 'active',
      validTo: '2026-12-31',
    });
  });

  it('renews after a reinstatement', () => {
    given(payeeDecider, [payeeRegistered, agreementSigned(), agreementSuspended(), agreementReinstated()])
      .when(renewal())
      .then([agreementSigned('AG-2026', '2026-01-01', '2026-12-31', 'AG-2025')]);
  });

  it('is idempotent: the same signing again decides nothing', () => {
    given(payeeDecider, [payeeRegistered, agreementSigned()]).when(sign()).thenNothing();
  });

  it('accepts a single-day agreement and a term just under 3 years', () => {
    expect(
      given(payeeDecider, [payeeRegistered])
        .when(sign({ validTo: '2025-01-01' }))
        .events(),
    ).toHaveLength(1);
    expect(
      given(payeeDecider, [payeeRegistered])
        .when(sign({ validTo: '2027-12-31' }))
        .events(),
    ).toHaveLength(1);
  });

  describe('rejections', () => {
    it('404 PAYEE_NOT_FOUND for an unregistered payee', () => {
      given(payeeDecider).when(sign()).thenRejects({ kind: 'not_found', code: ErrorCodes.PAYEE_NOT_FOUND });
    });

    it('409 ALREADY_EXISTS: the same agreement id with other dates', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned()])
        .when(sign({ validTo: '2025-11-30' }))
        .thenRejects({ kind: 'conflict', code: ErrorCodes.ALREADY_EXISTS, field: 'agreementId' });
    });

    it('409 ALREADY_EXISTS: an agreement id already used (for another fund, or replaced)', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned()])
        .when(sign({ fundId: 'QZ-RES-POOL' }))
        .thenRejects({ kind: 'conflict', code: ErrorCodes.ALREADY_EXISTS, field: 'agreementId' });
      const renewed = agreementSigned('AG-2026', '2026-01-01', '2026-12-31', 'AG-2025');
      given(payeeDecider, [payeeRegistered, agreementSigned(), renewed])
        .when(sign({ validFrom: '2027-01-01', validTo: '2027-12-31' }))
        .thenRejects({ code: ErrorCodes.ALREADY_EXISTS });
    });

    it('422 INVALID_TRANSITION: the current agreement for the fund is terminated', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned(), agreementTerminated()])
        .when(renewal())
        .thenRejects({ kind: 'business_rule', code: ErrorCodes.INVALID_TRANSITION, field: 'fundId' });
    });

    it('422 INVALID_TRANSITION: the current agreement is suspended (signing must not lift a sanction)', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned(), agreementSuspended()])
        .when(renewal())
        .thenRejects({ code: ErrorCodes.INVALID_TRANSITION });
    });

    it('422 INVALID_TRANSITION: a renewal that starts before the current agreement', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned()])
        .when(renewal({ validFrom: '2024-12-31' }))
        .thenRejects({ code: ErrorCodes.INVALID_TRANSITION, field: 'validFrom' });
    });

    it('422 INVALID_TRANSITION: a renewal that does not extend the cover', () => {
      given(payeeDecider, [payeeRegistered, agreementSigned()])
        .when(renewal({ validFrom: '2025-01-01', validTo: '2025-12-31' }))
        .thenRejects({ code: ErrorCodes.INVALID_TRANSITION, field: 'validTo' });
    });

    it('400: validTo before validFrom', () => {
      given(payeeDecider, [payeeRegistered])
        .when(sign({ validTo: '2024-12-31' }))
        .thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field: 'validTo' });
    });

    it('400: a term of 3 years or more', () => {
      given(payeeDecider, [payeeRegistered])
        .when(sign({ validTo: '2028-01-01' }))
        .thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'validTo' });
    });

    it.each([
      ['validFrom', { validFrom: '2025-02-29' }],
      ['validFrom', { validFrom: '2025/01/01' }],
      ['validTo', { validTo: '2025-13-01' }],
      ['agreementId', { agreementId: '' }],
      ['fundId', { fundId: 'TREASURY' }],
      ['payeeId', { payeeId: 'H 001' }],
    ] as const)('400: invalid %s (%j)', (field, overrides) => {
      given(payeeDecider, [payeeRegistered])
        .when(sign(overrides))
        .thenRejects({ code: ErrorCodes.INVALID_FIELD, field });
    });
  });
});
