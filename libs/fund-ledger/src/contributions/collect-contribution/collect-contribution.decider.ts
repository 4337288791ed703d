import { Decimal, yuan } from '@ledger/money';
import { assertNever, DecisionContext, invariant } from '../../shared/decider';
import { ErrorCodes, invalidField, rejectRule } from '../../shared/domain-error';
import { accounts, assertBalanced, credit, debit, Posting } from '../../shared/journal';
import { formatPeriod, Period, requirePeriod } from '../../registry/calendar';
import { requireFundId, requireId, requireOneOf, requireYuan } from '../../registry/field-rules';
import { FUND_KINDS, FundKind } from '../../registry/registry.events';
import { assertNoCrossFinancing } from '../../journal/cross-financing';
import { assertNewCollection, assertStreamOf } from '../collection.guards';
import {
  CONTRIBUTION_SOURCES,
  ContributionCollected,
  ContributionSource,
  SUBSIDY_LEVELS,
  SubsidyLevel,
} from '../contributions.events';
import { CollectionsState } from '../contributions.state';

/** Resident contributions are collected September-December for the next year (R-FIN-12). */
export const RESIDENT_CONTRIBUTION_PERIOD_FIRST_MONTH = 9;

/** Income other than payroll, one amount at a time. Stream: contributions-{fundId}-{period}. */
export interface CollectContribution {
  readonly type: 'CollectContribution';
  readonly data: {
    readonly collectionId: string;
    /** The receiving fund, and its registered kind (looked up by the handler). */
    readonly fundId: string;
    readonly fundKind: FundKind;
    readonly source: ContributionSource;
    readonly amountYuan: string;
    readonly period: string;
    /** assistance_paid only: the medical-assistance fund paying poor residents' contributions. */
    readonly payingFundId?: string;
    readonly payingFundKind?: FundKind;
    /** government_subsidy only. */
    readonly subsidyLevel?: SubsidyLevel;
  };
}

type Data = CollectContribution['data'];
type Payer = { readonly payingFundId: string; readonly payingFundKind: FundKind } | null;

export function decideCollectContribution(
  command: CollectContribution,
  state: CollectionsState,
  _context: DecisionContext,
): ContributionCollected[] {
  const { data } = command;
  const collectionId = requireId(data.collectionId, 'collectionId');
  const fundId = requireFundId(data.fundId, 'fundId');
  const fundKind = requireOneOf(data.fundKind, FUND_KINDS, 'fundKind');
  const source = requireOneOf(data.source, CONTRIBUTION_SOURCES, 'source');
  const amount = requireYuan(data.amountYuan, 'amountYuan');
  const period = requirePeriod(data.period, 'period');
  const subsidyLevel = validSubsidyLevel(data, source);
  const payer = validPayer(data, source, fundId, fundKind);
  assertStreamOf(state, fundId, formatPeriod(period));
  assertNewCollection(state, collectionId);

  const postings = contributionPostings(fundId, source, amount, payer);
  const kinds = new Map<string, FundKind>([[fundId, fundKind]]);
  if (payer) kinds.set(payer.payingFundId, payer.payingFundKind);
  assertNoCrossFinancing('ContributionCollected', postings, kinds);
  return [
    {
      type: 'ContributionCollected',
      data: {
        collectionId,
        fundId,
        fundKind,
        source,
        amountYuan: yuan(amount),
        period: formatPeriod(period),
        coverageYear: coverageYear(fundKind, source, period),
        payingFundId: payer?.payingFundId ?? null,
        payingFundKind: payer?.payingFundKind ?? null,
        subsidyLevel,
        postings,
      },
    },
  ];
}

function validSubsidyLevel(data: Data, source: ContributionSource): SubsidyLevel | null {
  if (source === 'government_subsidy') return requireOneOf(data.subsidyLevel, SUBSIDY_LEVELS, 'subsidyLevel');
  if (data.subsidyLevel !== undefined) throw invalidField('subsidyLevel', 'applies to government_subsidy only');
  return null;
}

/** 资助参保 (R-FIN-9) is the only inter-fund income here: medical assistance -> resident pooled fund. */
function validPayer(data: Data, source: ContributionSource, fundId: string, fundKind: FundKind): Payer {
  if (source !== 'assistance_paid') {
    if (data.payingFundId !== undefined) throw invalidField('payingFundId', 'applies to assistance_paid only');
    if (data.payingFundKind !== undefined) throw invalidField('payingFundKind', 'applies to assistance_paid only');
    return null;
  }
  const payingFundId = requireFundId(data.payingFundId, 'payingFundId');
  if (payingFundId === fundId) throw invalidField('payingFundId', 'must be another fund than the receiving fund');
  const payingFundKind = requireOneOf(data.payingFundKind, FUND_KINDS, 'payingFundKind');
  if (fundKind !== 'resident_pooled') {
    throw rejectRule(
      ErrorCodes.FUND_KIND_MISMATCH,
      `assistance pays resident contributions; ${fundId} is ${fundKind}`,
      'fundId',
    );
  }
  if (payingFundKind !== 'medical_assistance') {
    throw rejectRule(
      ErrorCodes.FUND_KIND_MISMATCH,
      `${payingFundId} is ${payingFundKind}, not medical_assistance`,
      'payingFundId',
    );
  }
  return { payingFundId, payingFundKind };
}

/**
 * R-FIN-12: a resident pooled fund's contributions collected September-December fund the next year.
 * Assistance-paid contributions are the same individual contributions paid on a poor resident's behalf,
 * so they follow the same rule. Subsidies, interest and other income belong to the period's year.
 */
export function coverageYear(fundKind: FundKind, source: ContributionSource, period: Period): number {
  const isResidentContribution =
    fundKind === 'resident_pooled' && (source === 'individual' || source === 'assistance_paid');
  return isResidentContribution && period.month >= RESIDENT_CONTRIBUTION_PERIOD_FIRST_MONTH
    ? period.year + 1
    : period.year;
}

function contributionPostings(fundId: string, source: ContributionSource, amount: Decimal, payer: Payer): Posting[] {
  const postings = [
    debit(fundId, accounts.cash(fundId), amount),
    credit(fundId, accounts.income(fundId, source), amount),
  ];
  switch (source) {
    case 'assistance_paid': {
      invariant(payer !== null, 'assistance_paid without a paying fund');
      const assistance = payer.payingFundId;
      postings.push(
        debit(assistance, accounts.expense(assistance, 'contribution_subsidies'), amount),
        credit(assistance, accounts.cash(assistance), amount),
      );
      break;
    }
    case 'individual':
    case 'government_subsidy':
    case 'interest':
    case 'other':
      break;
    default:
      assertNever(source, 'contribution source');
  }
  assertBalanced(postings);
  return postings;
}
