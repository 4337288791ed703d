import { Decimal, max, yuan } from '@ledger/money';
import { DecisionContext, invariant } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import { accounts, assertBalanced, credit, debit, nonZero, Posting } from '../../shared/journal';
import { formatPeriod, requirePeriod } from '../../registry/calendar';
import {
  requireFundId,
  requireId,
  requireInteger,
  requireRate,
  requireText,
  requireYuan,
} from '../../registry/field-rules';
import { FundKind } from '../../registry/registry.events';
import { assertNoCrossFinancing } from '../../journal/cross-financing';
import { ContributionRatesSnapshot, PayrollContributionCollected } from '../contributions.events';
import { CollectionsState } from '../contributions.state';
import { assertNewCollection, assertStreamOf } from '../collection.guards';
import { PayrollRates, PayrollSplit, splitPayrollContribution } from './payroll-split';

export const MAX_HEADCOUNT = 100_000;

/** One employer's monthly payroll contribution (R-FIN-2/3/5/6, WE-7). Stream: contributions-{pooledFundId}-{period}. */
export interface CollectPayrollContribution {
  readonly type: 'CollectPayrollContribution';
  readonly data: {
    readonly collectionId: string;
    readonly employerId: string;
    readonly period: string;
    /** The employer's declared payroll base for the month (the wages of `headcount` employees). */
    readonly declaredBaseYuan: string;
    readonly headcount: number;
    /** The ContributionRatesSet in force for the period's year, as recorded (looked up by the handler). */
    readonly rates: ContributionRatesSnapshot;
  };
}

export function decideCollectPayrollContribution(
  command: CollectPayrollContribution,
  state: CollectionsState,
  _context: DecisionContext,
): PayrollContributionCollected[] {
  const { data } = command;
  const collectionId = requireId(data.collectionId, 'collectionId');
  const employerId = requireId(data.employerId, 'employerId');
  const period = requirePeriod(data.period, 'period');
  const headcount = requireInteger(data.headcount, 'headcount', 1, MAX_HEADCOUNT);
  const declaredBase = requireYuan(data.declaredBaseYuan, 'declaredBaseYuan', 'non_negative');
  const { rates, baseFloor } = validRates(data.rates, period.year);
  assertStreamOf(state, data.rates.pooledFundId, formatPeriod(period));
  assertNewCollection(state, collectionId);

  // R-FIN-5: the floor is per head, so a firm cannot declare its way under it with a low total.
  const floorBase = baseFloor.times(headcount);
  const base = max(declaredBase, floorBase);
  if (base.isZero()) {
    throw invalidField('declaredBaseYuan', 'the contribution base is zero (no declared payroll and no floor)');
  }
  const split = splitPayrollContribution(base, rates);
  const { pooledFundId, personalFundId, maternityFundId } = data.rates;
  return [
    {
      type: 'PayrollContributionCollected',
      data: {
        collectionId,
        employerId,
        period: formatPeriod(period),
        coverageYear: period.year,
        pooledFundId,
        personalFundId,
        maternityFundId,
        headcount,
        declaredBaseYuan: yuan(declaredBase),
        floorBaseYuan: yuan(floorBase),
        contributionBaseYuan: yuan(base),
        rates: { ...data.rates },
        ...figures(split),
        postings: payrollPostings(data.rates, split),
      },
    },
  ];
}

/** The rates snapshot came from an event, but a handler could pass the wrong year's or a hand-made one. */
function validRates(
  snapshot: ContributionRatesSnapshot,
  periodYear: number,
): { rates: PayrollRates; baseFloor: Decimal } {
  if (typeof snapshot !== 'object' || snapshot === null) {
    throw invalidField('rates', 'must be the ContributionRatesSet in force');
  }
  requireFundId(snapshot.pooledFundId, 'rates.pooledFundId');
  requireFundId(snapshot.personalFundId, 'rates.personalFundId');
  requireFundId(snapshot.maternityFundId, 'rates.maternityFundId');
  requireText(snapshot.version, 'rates.version');
  if (snapshot.year !== periodYear) throw invalidField('rates.year', `must be the period's year ${periodYear}`);
  const employerRate = requireRate(snapshot.employerRate, 'rates.employerRate', '0', '1');
  const maxMaternity = employerRate.toString();
  const rates: PayrollRates = {
    employerRate,
    maternityRateOfPayroll: requireRate(
      snapshot.maternityRateOfPayroll,
      'rates.maternityRateOfPayroll',
      '0',
      maxMaternity,
    ),
    employeeRate: requireRate(snapshot.employeeRate, 'rates.employeeRate', '0', '1'),
    personalShareOfEmployerBasic: requireRate(
      snapshot.personalShareOfEmployerBasic,
      'rates.personalShareOfEmployerBasic',
      '0',
      '1',
    ),
  };
  return { rates, baseFloor: requireYuan(snapshot.baseFloorYuan, 'rates.baseFloorYuan', 'non_negative') };
}

/**
 * Balanced per fund: each fund books the cash it receives against its income by payer
 * (the personal accounts: the employee's own part as individual income, the employer's share as employer income).
 */
function payrollPostings(rates: ContributionRatesSnapshot, split: PayrollSplit): Posting[] {
  const { pooledFundId: pooled, personalFundId: personal, maternityFundId: maternity } = rates;
  const postings = nonZero([
    debit(pooled, accounts.cash(pooled), split.pooled),
    credit(pooled, accounts.income(pooled, 'employer'), split.pooled),
    debit(personal, accounts.cash(personal), split.personal),
    credit(personal, accounts.income(personal, 'individual'), split.employeePart),
    credit(personal, accounts.income(personal, 'employer'), split.personalFromEmployer),
    debit(maternity, accounts.cash(maternity), split.maternity),
    credit(maternity, accounts.income(maternity, 'employer'), split.maternity),
  ]);
  assertBalanced(postings);
  const kinds = new Map<string, FundKind>([
    [pooled, 'employee_pooled'],
    [personal, 'employee_personal'],
    [maternity, 'maternity'],
  ]);
  assertNoCrossFinancing('PayrollContributionCollected', postings, kinds);
  invariant(postings.length > 0, 'a payroll contribution with a positive base posts something');
  return postings;
}

function figures(split: PayrollSplit) {
  return {
    employeePartYuan: yuan(split.employeePart),
    employerPartYuan: yuan(split.employerPart),
    maternityYuan: yuan(split.maternity),
    employerBasicYuan: yuan(split.employerBasic),
    personalFromEmployerYuan: yuan(split.personalFromEmployer),
    personalYuan: yuan(split.personal),
    pooledYuan: yuan(split.pooled),
    totalYuan: yuan(split.total),
  };
}
