import { ErrorCodes } from '../../shared/domain-error';
import { given } from '../../test/decider-specification';
import { collectionsDecider } from '../contributions.decider';
import { ContributionCollected } from '../contributions.events';
import { ASSISTANCE, PERSONAL, RESIDENT } from '../test/contribution-fixtures';
import { CollectContribution } from './collect-contribution.decider';

const collect = (overrides: Partial<CollectContribution['data']> = {}): CollectContribution => ({
  type: 'CollectContribution',
  data: {
    collectionId: 'R-2025-10-0001',
    fundId: RESIDENT,
    fundKind: 'resident_pooled',
    source: 'individual',
    amountYuan: '250.00',
    period: '2025-10',
    ...overrides,
  },
});

const assistancePaid = (overrides: Partial<CollectContribution['data']> = {}): CollectContribution =>
  collect({
    source: 'assistance_paid',
    amountYuan: '330.00',
    payingFundId: ASSISTANCE,
    payingFundKind: 'medical_assistance',
    ...overrides,
  });

const residentIndividual: ContributionCollected = {
  type: 'ContributionCollected',
  data: {
    collectionId: 'R-2025-10-0001',
    fundId: RESIDENT,
    fundKind: 'resident_pooled',
    source: 'individual',
    amountYuan: '250.00',
    period: '2025-10',
    coverageYear: 2026,
    payingFundId: null,
    payingFundKind: null,
    subsidyLevel: null,
    postings: [
      { fundId: RESIDENT, account: `${RESIDENT}:cash`, side: 'debit', amountYuan: '250.00' },
      { fundId: RESIDENT, account: `${RESIDENT}:income:individual`, side: 'credit', amountYuan: '250.00' },
    ],
  },
};

const coverageYearOf = (command: CollectContribution): number | undefined =>
  given(collectionsDecider).when(command).events()[0]?.data.coverageYear;

describe('CollectContribution', () => {
  it('books a resident individual contribution: Dr cash / Cr income:individual', () => {
    given(collectionsDecider).when(collect()).then([residentIndividual]);
  });

  describe('coverage year (R-FIN-12: resident contributions of September-December fund the next year)', () => {
    it.each([
      ['2025-01', 2025],
      ['2025-08', 2025],
      ['2025-09', 2026],
      ['2025-12', 2026],
    ])('resident individual contribution in %s -> %i', (period, year) => {
      expect(coverageYearOf(collect({ period }))).toBe(year);
    });

    it('assistance-paid resident contributions follow the same rule', () => {
      expect(coverageYearOf(assistancePaid({ period: '2025-11' }))).toBe(2026);
      expect(coverageYearOf(assistancePaid({ period: '2025-03' }))).toBe(2025);
    });

    it('government subsidies and interest stay in the period year', () => {
      expect(
        coverageYearOf(collect({ source: 'government_subsidy', subsidyLevel: 'central', period: '2025-11' })),
      ).toBe(2025);
      expect(coverageYearOf(collect({ source: 'interest', period: '2025-12' }))).toBe(2025);
    });

    it('individual contributions to employee funds stay in the period year', () => {
      expect(coverageYearOf(collect({ fundId: PERSONAL, fundKind: 'employee_personal', period: '2025-10' }))).toBe(
        2025,
      );
    });
  });

  it('books a government subsidy with its level (R-FIN-8)', () => {
    const [event] = given(collectionsDecider)
      .when(
        collect({ source: 'government_subsidy', subsidyLevel: 'provincial', amountYuan: '549.00', period: '2025-06' }),
      )
      .events();
    expect(event?.data).toMatchObject({ subsidyLevel: 'provincial', coverageYear: 2025 });
    expect(event?.data.postings.map((p) => [p.account, p.side, p.amountYuan])).toEqual([
      [`${RESIDENT}:cash`, 'debit', '549.00'],
      [`${RESIDENT}:income:government_subsidy`, 'credit', '549.00'],
    ]);
  });

  it('books interest and other income on their own income accounts', () => {
    for (const source of ['interest', 'other'] as const) {
      const [event] = given(collectionsDecider)
        .when(collect({ source, amountYuan: '12.5' }))
        .events();
      expect(event).toMatchObject({ type: 'ContributionCollected', data: { amountYuan: '12.50' } });
      expect(event?.data.postings[1]?.account).toBe(`${RESIDENT}:income:${source}`);
    }
  });

  it("资助参保 (R-FIN-9): the assistance fund pays a poor resident's contribution, each fund balanced", () => {
    const [event] = given(collectionsDecider).when(assistancePaid()).events();
    expect(event?.data).toMatchObject({
      payingFundId: ASSISTANCE,
      payingFundKind: 'medical_assistance',
      coverageYear: 2026,
    });
    expect(event?.data.postings).toEqual([
      { fundId: RESIDENT, account: `${RESIDENT}:cash`, side: 'debit', amountYuan: '330.00' },
      { fundId: RESIDENT, account: `${RESIDENT}:income:assistance_paid`, side: 'credit', amountYuan: '330.00' },
      {
        fundId: ASSISTANCE,
        account: `${ASSISTANCE}:expense:contribution_subsidies`,
        side: 'debit',
        amountYuan: '330.00',
      },
      { fundId: ASSISTANCE, account: `${ASSISTANCE}:cash`, side: 'credit', amountYuan: '330.00' },
    ]);
  });

  describe('rejections', () => {
    it('409 ALREADY_EXISTS: the collection id is already booked in this fund-month', () => {
      given(collectionsDecider, [residentIndividual])
        .when(collect())
        .thenRejects({ kind: 'conflict', code: ErrorCodes.ALREADY_EXISTS, field: 'collectionId' });
    });

    it('422 FUND_KIND_MISMATCH: assistance pays into a resident pooled fund only', () => {
      given(collectionsDecider)
        .when(assistancePaid({ fundId: PERSONAL, fundKind: 'employee_personal' }))
        .thenRejects({ kind: 'business_rule', code: ErrorCodes.FUND_KIND_MISMATCH, field: 'fundId' });
    });

    it('422 FUND_KIND_MISMATCH: the paying fund must be a medical-assistance fund', () => {
      given(collectionsDecider)
        .when(assistancePaid({ payingFundKind: 'employee_pooled' }))
        .thenRejects({ kind: 'business_rule', code: ErrorCodes.FUND_KIND_MISMATCH, field: 'payingFundId' });
    });

    it.each([
      ['payingFundId', assistancePaid({ payingFundId: undefined })],
      ['payingFundId', assistancePaid({ payingFundId: RESIDENT })],
      ['payingFundKind', assistancePaid({ payingFundKind: undefined })],
      ['payingFundId', collect({ payingFundId: ASSISTANCE })],
      ['payingFundKind', collect({ payingFundKind: 'medical_assistance' })],
      ['subsidyLevel', collect({ source: 'government_subsidy' })],
      ['subsidyLevel', collect({ source: 'government_subsidy', subsidyLevel: 'village' as never })],
      ['subsidyLevel', collect({ subsidyLevel: 'central' })],
      ['source', collect({ source: 'employer' as never })],
      ['amountYuan', collect({ amountYuan: '0.00' })],
      ['amountYuan', collect({ amountYuan: '250.001' })],
      ['fundKind', collect({ fundKind: 'unknown' as never })],
      ['fundId', collect({ fundId: 'TREASURY' })],
      ['period', collect({ period: '2025-10-01' })],
    ] as const)('400 INVALID_FIELD at %s', (field, command) => {
      given(collectionsDecider)
        .when(command)
        .thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field });
    });

    it('refuses a collection for another fund than the loaded stream (handler bug: invariant)', () => {
      given(collectionsDecider, [residentIndividual])
        .when(collect({ collectionId: 'X', fundId: 'OTHER', fundKind: 'resident_pooled' }))
        .thenViolatesInvariant(/decided on the stream of/);
    });
  });
});
