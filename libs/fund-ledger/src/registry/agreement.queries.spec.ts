import { ErrorCodes } from '../shared/domain-error';
import { fold } from '../shared/decider';
import { agreementFor, AgreementSnapshot, isPayableOn, lastPayableDate } from './agreement.queries';
import { payeeDecider } from './registry.decider';
import { caught } from '../test/decider-specification';
import {
  agreementReinstated,
  agreementSigned,
  agreementSuspended,
  FUND_ID,
  payeeRegistered,
} from './test/payee-fixtures';

const active = (validFrom: string, validTo: string): AgreementSnapshot => ({
  agreementId: 'AG',
  status: 'active',
  validFrom,
  validTo,
});

describe('agreementFor', () => {
  it('is null for an unregistered payee and for a fund without agreement', () => {
    expect(agreementFor(payeeDecider.initialState(), FUND_ID)).toBeNull();
    expect(agreementFor(fold(payeeDecider, [payeeRegistered]), FUND_ID)).toBeNull();
  });

  it('gives the current agreement snapshot the hospital-budget deciders take', () => {
    const state = fold(payeeDecider, [payeeRegistered, agreementSigned(), agreementSuspended()]);
    expect(agreementFor(state, FUND_ID)).toEqual({
      agreementId: 'AG-2025',
      status: 'suspended',
      validFrom: '2025-01-01',
      validTo: '2025-12-31',
    });
  });

  it('follows the renewal', () => {
    const state = fold(payeeDecider, [
      payeeRegistered,
      agreementSigned(),
      agreementSigned('AG-2026', '2026-01-01', '2026-12-31', 'AG-2025'),
    ]);
    expect(agreementFor(state, FUND_ID)).toMatchObject({ agreementId: 'AG-2026', validTo: '2026-12-31' });
  });

  it('is active again after reinstatement', () => {
    const state = fold(payeeDecider, [payeeRegistered, agreementSigned(), agreementSuspended(), agreementReinstated()]);
    expect(agreementFor(state, FUND_ID)?.status).toBe('active');
  });
});

describe('isPayableOn (R-ENF-20: 2-month grace after expiry; WE-16)', () => {
  const year2025 = active('2025-01-01', '2025-12-31');

  it('pays from validFrom, not the day before', () => {
    expect(isPayableOn(year2025, '2024-12-31')).toBe(false);
    expect(isPayableOn(year2025, '2025-01-01')).toBe(true);
  });

  it('WE-16: expired 2025-12-31 and not renewed -> payable through 2026-02-28, suspended from 2026-03-01', () => {
    expect(isPayableOn(year2025, '2025-12-31')).toBe(true);
    expect(isPayableOn(year2025, '2026-01-31')).toBe(true);
    expect(isPayableOn(year2025, '2026-02-28')).toBe(true);
    expect(isPayableOn(year2025, '2026-03-01')).toBe(false);
  });

  it('WE-16 in a leap year: expired 2027-12-31 -> payable through 2028-02-29', () => {
    const year2027 = active('2027-01-01', '2027-12-31');
    expect(lastPayableDate(year2027)).toBe('2028-02-29');
    expect(isPayableOn(year2027, '2028-02-29')).toBe(true);
    expect(isPayableOn(year2027, '2028-03-01')).toBe(false);
  });

  it('clamps the day of month: validTo 08-31 -> 10-31; 06-30 -> 08-30; 12-30 -> 02-28', () => {
    expect(lastPayableDate(active('2025-01-01', '2025-08-31'))).toBe('2025-10-31');
    expect(lastPayableDate(active('2025-01-01', '2025-06-30'))).toBe('2025-08-30');
    expect(lastPayableDate(active('2025-01-01', '2025-12-30'))).toBe('2026-02-28');
    expect(isPayableOn(active('2025-01-01', '2025-06-30'), '2025-08-31')).toBe(false);
  });

  it('pays nothing under a suspended or terminated agreement, even inside its dates', () => {
    expect(isPayableOn({ ...year2025, status: 'suspended' }, '2025-06-30')).toBe(false);
    expect(isPayableOn({ ...year2025, status: 'terminated' }, '2025-06-30')).toBe(false);
  });

  it('pays nothing without an agreement', () => {
    expect(isPayableOn(null, '2025-06-30')).toBe(false);
  });

  it('refuses a malformed date (400 INVALID_FIELD)', () => {
    expect(caught(() => isPayableOn(year2025, '2025-02-29'))).toMatchObject({
      code: ErrorCodes.INVALID_FIELD,
      field: 'date',
    });
    expect(caught(() => isPayableOn(null, '20250101'))).toMatchObject({ code: ErrorCodes.INVALID_FIELD });
  });
});
