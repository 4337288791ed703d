import { DomainEvent } from '../shared/decider';
import { Posting } from '../shared/journal';
import { FundKind } from '../registry/registry.events';
import type { ReversalFacts } from '../shared/reversal-facts';

/** Versioned rates of one employee pool and year (R-FIN-2/3/5): a later set supersedes the earlier. */
export const contributionRatesStream = (pooledFundId: string, year: number): string =>
  `contribution-rates-${pooledFundId}-${year}`;
/** One stream per receiving fund and month (payroll contributions: the pooled fund). Short, closable streams. */
export const contributionsStream = (fundId: string, period: string): string => `contributions-${fundId}-${period}`;

/** The employee-scheme contribution parameters (沈阳: 8.6% incl. 6‰ maternity, 2%, 30%, floor 3,715). */
export interface ContributionRates {
  readonly pooledFundId: string;
  readonly personalFundId: string;
  readonly maternityFundId: string;
  readonly year: number;
  /** Employer rate of payroll, including the maternity part: "0.086". */
  readonly employerRate: string;
  /** The maternity part of the employer rate, of payroll: "0.006". */
  readonly maternityRateOfPayroll: string;
  /** Employee rate of own wage, withheld by the employer: "0.02". */
  readonly employeeRate: string;
  /** Share of the employer's basic-medical part credited to personal accounts: "0.30". */
  readonly personalShareOfEmployerBasic: string;
  /** Minimum monthly base per head (last year's average monthly wage): "3715.00". */
  readonly baseFloorYuan: string;
}

/** The rates with their version: what a payroll collection records and decides with. */
export interface ContributionRatesSnapshot extends ContributionRates {
  /** Revision of this ContributionRatesSet in its stream, as a string. */
  readonly version: string;
}

export type ContributionRatesSet = DomainEvent<
  'ContributionRatesSet',
  ContributionRatesSnapshot & {
    /** The version superseded, or null for the year's first rates. */
    readonly previousVersion: string | null;
  }
>;

export type ContributionRatesEvent = ContributionRatesSet;

/** A monthly payroll contribution of one employer, split to the three funds (WE-7). */
export type PayrollContributionCollected = DomainEvent<
  'PayrollContributionCollected',
  {
    readonly collectionId: string;
    readonly employerId: string;
    readonly period: string;
    readonly coverageYear: number;
    readonly pooledFundId: string;
    readonly personalFundId: string;
    readonly maternityFundId: string;
    readonly headcount: number;
    readonly declaredBaseYuan: string;
    /** baseFloorYuan x headcount. */
    readonly floorBaseYuan: string;
    /** max(declared, floor): the base the rates apply to. */
    readonly contributionBaseYuan: string;
    readonly rates: ContributionRatesSnapshot;
    readonly employeePartYuan: string;
    readonly employerPartYuan: string;
    readonly maternityYuan: string;
    readonly employerBasicYuan: string;
    readonly personalFromEmployerYuan: string;
    readonly personalYuan: string;
    readonly pooledYuan: string;
    /** employeePart + employerPart = personal + pooled + maternity. */
    readonly totalYuan: string;
    readonly postings: readonly Posting[];
  }
>;

/** Income sources collected one amount at a time (employer income only comes through payroll). */
export type ContributionSource = 'individual' | 'government_subsidy' | 'assistance_paid' | 'interest' | 'other';
export const CONTRIBUTION_SOURCES: readonly ContributionSource[] = [
  'individual',
  'government_subsidy',
  'assistance_paid',
  'interest',
  'other',
];

/** 中央、省、区级配套资金 (R-FIN-8). */
export type SubsidyLevel = 'central' | 'provincial' | 'municipal' | 'district';
export const SUBSIDY_LEVELS: readonly SubsidyLevel[] = ['central', 'provincial', 'municipal', 'district'];

export type ContributionCollected = DomainEvent<
  'ContributionCollected',
  {
    readonly collectionId: string;
    readonly fundId: string;
    readonly fundKind: FundKind;
    readonly source: ContributionSource;
    readonly amountYuan: string;
    readonly period: string;
    /** The fund year the income belongs to (R-FIN-12: resident contributions of Sep-Dec fund next year). */
    readonly coverageYear: number;
    /** assistance_paid only: the medical-assistance fund that paid (资助参保, R-FIN-9). */
    readonly payingFundId: string | null;
    readonly payingFundKind: FundKind | null;
    /** government_subsidy only. */
    readonly subsidyLevel: SubsidyLevel | null;
    readonly postings: readonly Posting[];
  }
>;

/** A collection as recorded: what the collection deciders decide, and what a reversal names. */
export type CollectionEvent = PayrollContributionCollected | ContributionCollected;

export type { ReversalFacts, ReversalParty } from '../shared/reversal-facts';

/**
 * A collection reversed in its own fund-month stream: its split across funds undone exactly, and its
 * collection id free again for the corrected booking.
 */
export type CollectionReversed = DomainEvent<
  'EventReversed',
  ReversalFacts & {
    /** The stream's receiving fund and month. */
    readonly fundId: string;
    readonly period: string;
    readonly effectiveDate: string;
    readonly reversed: CollectionEvent;
  }
>;

/** Every event of a contributions-{fundId}-{period} stream, as its fold reads them. */
export type CollectionStreamEvent = CollectionEvent | CollectionReversed;
