import { Decimal, yuan } from '@ledger/money';
import { ErrorCodes } from '../../shared/domain-error';
import { assertBalanced, balanceByFund } from '../../shared/journal';
import { given } from '../../test/decider-specification';
import { collectionsDecider } from '../contributions.decider';
import { PayrollContributionCollected } from '../contributions.events';
import { MATERNITY, PERSONAL, POOLED, shenyangRates } from '../test/contribution-fixtures';
import { CollectPayrollContribution } from './collect-payroll-contribution.decider';
import { splitPayrollContribution } from './payroll-split';

const collect = (overrides: Partial<CollectPayrollContribution['data']> = {}): CollectPayrollContribution => ({
  type: 'CollectPayrollContribution',
  data: {
    collectionId: 'C-2025-03-E42',
    employerId: 'E42',
    period: '2025-03',
    declaredBaseYuan: '3000.00',
    headcount: 1,
    rates: shenyangRates,
    ...overrides,
  },
});

const we7Event: PayrollContributionCollected = {
  type: 'PayrollContributionCollected',
  data: {
    collectionId: 'C-2025-03-E42',
    employerId: 'E42',
    period: '2025-03',
    coverageYear: 2025,
    pooledFundId: POOLED,
    personalFundId: PERSONAL,
    maternityFundId: MATERNITY,
    headcount: 1,
    declaredBaseYuan: '3000.00',
    floorBaseYuan: '3715.00',
    contributionBaseYuan: '3715.00',
    rates: shenyangRates,
    employeePartYuan: '74.30',
    employerPartYuan: '319.49',
    maternityYuan: '22.29',
    employerBasicYuan: '297.20',
    personalFromEmployerYuan: '89.16',
    personalYuan: '163.46',
    pooledYuan: '208.04',
    totalYuan: '393.79',
    postings: [
      { fundId: POOLED, account: `${POOLED}:cash`, side: 'debit', amountYuan: '208.04' },
      { fundId: POOLED, account: `${POOLED}:income:employer`, side: 'credit', amountYuan: '208.04' },
      { fundId: PERSONAL, account: `${PERSONAL}:cash`, side: 'debit', amountYuan: '163.46' },
      { fundId: PERSONAL, account: `${PERSONAL}:income:individual`, side: 'credit', amountYuan: '74.30' },
      { fundId: PERSONAL, account: `${PERSONAL}:income:employer`, side: 'credit', amountYuan: '89.16' },
      { fundId: MATERNITY, account: `${MATERNITY}:cash`, side: 'debit', amountYuan: '22.29' },
      { fundId: MATERNITY, account: `${MATERNITY}:income:employer`, side: 'credit', amountYuan: '22.29' },
    ],
  },
};

describe('CollectPayrollContribution', () => {
  it('WE-7: wage 3,000 below the 3,715 floor -> personal 163.46, pooled 208.04, maternity 22.29 (sum 393.79)', () => {
    given(collectionsDecider).when(collect()).then([we7Event]);
  });

  it('WE-7: the three funds each balance, and together hold exactly what employer and employee paid', () => {
    const [event] = given(collectionsDecider).when(collect()).events();
    const postings = event!.data.postings;
    expect(() => assertBalanced(postings)).not.toThrow();
    expect([...balanceByFund(postings).values()].every((b) => b.isZero())).toBe(true);
    const cashIn = postings
      .filter((p) => p.account.endsWith(':cash'))
      .reduce((s, p) => s.plus(p.amountYuan), new Decimal(0));
    expect(yuan(cashIn)).toBe('393.79');
    expect(yuan(new Decimal('74.30').plus('319.49'))).toBe('393.79');
  });

  it('uses the declared base when it is above floor x headcount', () => {
    const [event] = given(collectionsDecider)
      .when(collect({ declaredBaseYuan: '60000.00', headcount: 10 }))
      .events();
    expect(event?.data).toMatchObject({
      floorBaseYuan: '37150.00',
      contributionBaseYuan: '60000.00',
      employeePartYuan: '1200.00',
    });
  });

  it('applies the floor per head: 2 employees declaring 7,000 pay on 7,430', () => {
    const [event] = given(collectionsDecider)
      .when(collect({ declaredBaseYuan: '7000.00', headcount: 2 }))
      .events();
    expect(event?.data).toMatchObject({ contributionBaseYuan: '7430.00', totalYuan: '787.58' });
  });

  it('rounds each rated line half-up to the fen and derives the rest, losing no fen', () => {
    const split = splitPayrollContribution(new Decimal('1234.25'), {
      employerRate: new Decimal('0.086'),
      maternityRateOfPayroll: new Decimal('0.006'),
      employeeRate: new Decimal('0.02'),
      personalShareOfEmployerBasic: new Decimal('0.30'),
    });
    const figures = Object.fromEntries(Object.entries(split).map(([k, v]) => [k, yuan(v)]));
    // 24.685 -> 24.69; 106.1455 -> 106.15; 7.4055 -> 7.41; 98.74 x 0.3 = 29.622 -> 29.62
    expect(figures).toEqual({
      employeePart: '24.69',
      employerPart: '106.15',
      maternity: '7.41',
      employerBasic: '98.74',
      personalFromEmployer: '29.62',
      personal: '54.31',
      pooled: '69.12',
      total: '130.84',
    });
  });

  it('omits zero lines: with no employer share to personal accounts there is no personal employer income', () => {
    const rates = { ...shenyangRates, personalShareOfEmployerBasic: '0' };
    const [event] = given(collectionsDecider).when(collect({ rates })).events();
    expect(event?.data.postings.map((p) => p.account)).not.toContain(`${PERSONAL}:income:employer`);
    expect(event?.data).toMatchObject({ personalYuan: '74.30', pooledYuan: '297.20' });
  });

  it('a second collection in the same fund-month is fine with another id', () => {
    const events = given(collectionsDecider, [we7Event])
      .when(collect({ collectionId: 'C-2025-03-E43', employerId: 'E43' }))
      .events();
    expect(events).toHaveLength(1);
  });

  describe('rejections', () => {
    it('409 ALREADY_EXISTS: the collection id is already booked in this fund-month', () => {
      given(collectionsDecider, [we7Event])
        .when(collect())
        .thenRejects({ kind: 'conflict', code: ErrorCodes.ALREADY_EXISTS, field: 'collectionId' });
    });

    it.each([
      ['headcount', { headcount: 0 }],
      ['headcount', { headcount: 100_001 }],
      ['headcount', { headcount: 1.5 }],
      ['period', { period: '2025-3' }],
      ['declaredBaseYuan', { declaredBaseYuan: '-3000.00' }],
      ['declaredBaseYuan', { declaredBaseYuan: '3000.001' }],
      ['collectionId', { collectionId: '' }],
      ['employerId', { employerId: 'E 42' }],
      ['rates.year', { period: '2026-01' }],
      ['rates.version', { rates: { ...shenyangRates, version: '' } }],
      ['rates.employerRate', { rates: { ...shenyangRates, employerRate: '8.6%' } }],
      ['rates.maternityRateOfPayroll', { rates: { ...shenyangRates, maternityRateOfPayroll: '0.09' } }],
      ['rates.pooledFundId', { rates: { ...shenyangRates, pooledFundId: 'TREASURY' } }],
    ] as const)('400 INVALID_FIELD at %s', (field, overrides) => {
      given(collectionsDecider)
        .when(collect(overrides))
        .thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field });
    });

    it('400 INVALID_FIELD: a zero base (nothing declared, zero floor)', () => {
      given(collectionsDecider)
        .when(collect({ declaredBaseYuan: '0', rates: { ...shenyangRates, baseFloorYuan: '0.00' } }))
        .thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'declaredBaseYuan' });
    });

    it('refuses a collection for another fund-month than the loaded stream (handler bug: invariant)', () => {
      given(collectionsDecider, [we7Event])
        .when(collect({ collectionId: 'C-2', period: '2025-04' }))
        .thenViolatesInvariant(/decided on the stream of/);
    });
  });
});
