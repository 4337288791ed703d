import { Decimal, yuan } from '@ledger/money';
import { DecisionContext, invariant } from '../../shared/decider';
import { ErrorCodes, invalidField, rejectRule } from '../../shared/domain-error';
import { requireFundId, requireRate, requireYear, requireYuan } from '../../registry/field-rules';
import { FUND_KINDS, FundKind } from '../../registry/registry.events';
import { requireOneOf } from '../../registry/field-rules';
import { ContributionRates, ContributionRatesSet } from '../contributions.events';
import { ContributionRatesState } from '../contributions.state';

export interface SetContributionRates {
  readonly type: 'SetContributionRates';
  readonly data: ContributionRates & {
    /** The registered kinds of the three funds, looked up by the handler from their fund streams. */
    readonly pooledFundKind: FundKind;
    readonly personalFundKind: FundKind;
    readonly maternityFundKind: FundKind;
  };
}

type Command = SetContributionRates['data'];

/** Which kind each role's fund must be. */
const EXPECTED_KINDS = [
  ['pooledFundKind', 'pooledFundId', 'employee_pooled'],
  ['personalFundKind', 'personalFundId', 'employee_personal'],
  ['maternityFundKind', 'maternityFundId', 'maternity'],
] as const;

/** Records a new version of the year's rates; the same rates again (a retry) decide nothing. */
export function decideSetContributionRates(
  command: SetContributionRates,
  state: ContributionRatesState,
  _context: DecisionContext,
): ContributionRatesSet[] {
  const rates = validRates(command.data);
  assertFundKinds(command.data);
  const current = state.current;
  invariant(
    current === null || (current.pooledFundId === rates.pooledFundId && current.year === rates.year),
    'rates command for another pool-year than the stream',
  );
  if (current !== null && sameRates(current, rates)) return [];
  const version = String(state.lastRevision + 1);
  return [{ type: 'ContributionRatesSet', data: { ...rates, version, previousVersion: current?.version ?? null } }];
}

function validRates(data: Command): ContributionRates {
  const ids = {
    pooledFundId: requireFundId(data.pooledFundId, 'pooledFundId'),
    personalFundId: requireFundId(data.personalFundId, 'personalFundId'),
    maternityFundId: requireFundId(data.maternityFundId, 'maternityFundId'),
  };
  if (new Set(Object.values(ids)).size !== 3) {
    throw invalidField('personalFundId', 'the pooled, personal and maternity funds must be three different funds');
  }
  const employerRate = requireRate(data.employerRate, 'employerRate', '0', '1');
  if (requireRate(data.maternityRateOfPayroll, 'maternityRateOfPayroll', '0', '1').gt(employerRate)) {
    throw invalidField('maternityRateOfPayroll', 'is part of the employer rate and must not exceed it');
  }
  requireRate(data.employeeRate, 'employeeRate', '0', '1');
  requireRate(data.personalShareOfEmployerBasic, 'personalShareOfEmployerBasic', '0', '1');
  return {
    ...ids,
    year: requireYear(data.year, 'year'),
    employerRate: data.employerRate,
    maternityRateOfPayroll: data.maternityRateOfPayroll,
    employeeRate: data.employeeRate,
    personalShareOfEmployerBasic: data.personalShareOfEmployerBasic,
    baseFloorYuan: yuan(requireYuan(data.baseFloorYuan, 'baseFloorYuan', 'non_negative')),
  };
}

function assertFundKinds(data: Command): void {
  for (const [kindField, idField, expected] of EXPECTED_KINDS) {
    const kind = requireOneOf(data[kindField], FUND_KINDS, kindField);
    if (kind !== expected) {
      throw rejectRule(ErrorCodes.FUND_KIND_MISMATCH, `fund ${data[idField]} is ${kind}, not ${expected}`, idField);
    }
  }
}

const RATE_FIELDS = [
  'employerRate',
  'maternityRateOfPayroll',
  'employeeRate',
  'personalShareOfEmployerBasic',
  'baseFloorYuan',
] as const;

function sameRates(a: ContributionRates, b: ContributionRates): boolean {
  return (
    a.personalFundId === b.personalFundId &&
    a.maternityFundId === b.maternityFundId &&
    RATE_FIELDS.every((field) => new Decimal(a[field]).equals(b[field]))
  );
}
