import { ErrorCodes } from '../../shared/domain-error';
import { given } from '../../test/decider-specification';
import { contributionRatesDecider } from '../contributions.decider';
import { MATERNITY, PERSONAL, POOLED, ratesSet } from '../test/contribution-fixtures';
import { SetContributionRates } from './set-contribution-rates.decider';

const setRates = (overrides: Partial<SetContributionRates['data']> = {}): SetContributionRates => ({
  type: 'SetContributionRates',
  data: {
    pooledFundId: POOLED,
    personalFundId: PERSONAL,
    maternityFundId: MATERNITY,
    year: 2025,
    employerRate: '0.086',
    maternityRateOfPayroll: '0.006',
    employeeRate: '0.02',
    personalShareOfEmployerBasic: '0.30',
    baseFloorYuan: '3715',
    pooledFundKind: 'employee_pooled',
    personalFundKind: 'employee_personal',
    maternityFundKind: 'maternity',
    ...overrides,
  },
});

describe('SetContributionRates', () => {
  it('sets the year\'s first rates as version "0", floor normalised to the fen', () => {
    given(contributionRatesDecider).when(setRates()).then([ratesSet()]);
  });

  it('a later set supersedes and records the version it replaces', () => {
    given(contributionRatesDecider, [ratesSet()])
      .when(setRates({ baseFloorYuan: '4010.50' }))
      .then([ratesSet({ baseFloorYuan: '4010.50', version: '1' }, '0')]);
  });

  it('the same rates again (a retry, "0.3" vs "0.30") decide nothing', () => {
    given(contributionRatesDecider, [ratesSet()])
      .when(setRates({ personalShareOfEmployerBasic: '0.3' }))
      .thenNothing();
  });

  it('accepts the 2021-reform shape: nothing of the employer part to personal accounts', () => {
    const [event] = given(contributionRatesDecider)
      .when(setRates({ personalShareOfEmployerBasic: '0' }))
      .events();
    expect(event?.data.personalShareOfEmployerBasic).toBe('0');
  });

  describe('rejections', () => {
    it.each([
      ['pooledFundId', { pooledFundKind: 'resident_pooled' as const }],
      ['personalFundId', { personalFundKind: 'employee_pooled' as const }],
      ['maternityFundId', { maternityFundKind: 'medical_assistance' as const }],
    ])('422 FUND_KIND_MISMATCH at %s', (field, overrides) => {
      given(contributionRatesDecider)
        .when(setRates(overrides))
        .thenRejects({ kind: 'business_rule', code: ErrorCodes.FUND_KIND_MISMATCH, field });
    });

    it.each([
      ['maternityRateOfPayroll', { maternityRateOfPayroll: '0.087' }],
      ['employerRate', { employerRate: '1.01' }],
      ['employerRate', { employerRate: '-0.086' }],
      ['employeeRate', { employeeRate: '2%' }],
      ['personalShareOfEmployerBasic', { personalShareOfEmployerBasic: '1.5' }],
      ['baseFloorYuan', { baseFloorYuan: '3715.005' }],
      ['baseFloorYuan', { baseFloorYuan: '-1' }],
      ['personalFundId', { personalFundId: POOLED }],
      ['maternityFundId', { maternityFundId: 'TREASURY' }],
      ['year', { year: 25 }],
      ['pooledFundKind', { pooledFundKind: 'civil_servant' as never }],
    ] as const)('400 INVALID_FIELD at %s (%j)', (field, overrides) => {
      given(contributionRatesDecider)
        .when(setRates(overrides))
        .thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field });
    });

    it('refuses a command for another pool-year than the loaded stream (handler bug: invariant)', () => {
      given(contributionRatesDecider, [ratesSet()])
        .when(setRates({ year: 2026 }))
        .thenViolatesInvariant(/another pool-year/);
    });
  });
});
