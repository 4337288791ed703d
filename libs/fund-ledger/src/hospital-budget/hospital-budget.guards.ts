import type { Decimal } from '@ledger/money';
import type { DecisionContext } from '../shared/decider';
import { assertNever, invariant } from '../shared/decider';
import { ErrorCodes, invalidField, rejectRule } from '../shared/domain-error';
import { accounts, type HospitalAccount, TREASURY_FUND } from '../shared/journal';
import type { FundKind } from '../registry/registry.events';
import { HospitalBudgetErrorCodes, rejectLocalRule } from './hospital-budget.errors';
import type { AgreementFact, BudgetStreamKey } from './hospital-budget.events';
import { addCalendarMonths, dateInput, idInput, oneOf, yearInput } from './hospital-budget.inputs';
import { currentQuota, describeKey, type HospitalBudgetState, sameKey } from './hospital-budget.state';

/** The refusals every use case shares, in the order they apply. */

/** The command's stream key is well formed and, once the stream exists, is this stream's key. */
export function streamKeyOf(command: BudgetStreamKey, state: HospitalBudgetState): BudgetStreamKey {
  const key: BudgetStreamKey = {
    fundId: idInput(command.fundId, 'fundId'),
    payeeId: idInput(command.payeeId, 'payeeId'),
    year: yearInput(command.year, 'year'),
  };
  if (key.fundId === TREASURY_FUND) throw invalidField('fundId', 'the treasury memorandum has no hospital budget');
  // A mismatch means the handler loaded the wrong stream: a bug, not a user error.
  invariant(
    state.key === null || sameKey(state.key, key),
    `command for ${describeKey(key)} sent to stream ${state.key ? describeKey(state.key) : ''}`,
  );
  return key;
}

/** After YearEndSettled nothing may be posted to the year (BHIMA#1647: check "closed" in the command). */
export function assertOpen(state: HospitalBudgetState, key: BudgetStreamKey): void {
  if (state.closed) {
    throw rejectRule(
      ErrorCodes.PERIOD_CLOSED,
      `budget year ${key.year} of ${key.payeeId} is settled and closed; post to an open year (late postings name their service year)`,
    );
  }
}

export function requireQuota(state: HospitalBudgetState): Decimal {
  const quota = currentQuota(state);
  if (quota === null) throw rejectRule(ErrorCodes.QUOTA_NOT_SET, 'set the quota of this hospital-year first');
  return quota;
}

/**
 * Which business dates a command may carry (documented rule; catches a command sent to the wrong year):
 * - budget: quota, carry-in, score, clawbacks, recoveries, damages, fines: 1 Jan of year−1 .. 31 Dec of year+1
 *   (quotas are set before the year starts; enforcement continues until the year-end settlement);
 * - prepayment: inside the budget year (an advance for a month of the year, never after it);
 * - settlement: 1 Jan of the year .. 31 Mar of year+1 (December is settled in the next year's first quarter);
 * - year end: on or after 1 Jan of year+1 (the year must be over), no upper bound.
 */
export type DateWindow = 'budget' | 'prepayment' | 'settlement' | 'year_end';

export function assertEffectiveDate(context: DecisionContext, year: number, window: DateWindow): string {
  const date = dateInput(context.effectiveDate, 'effectiveDate');
  const [from, to] = windowOf(year, window);
  if (date < from || (to !== null && date > to)) {
    const range = to === null ? `on or after ${from}` : `between ${from} and ${to}`;
    throw rejectRule(
      ErrorCodes.EFFECTIVE_DATE_OUTSIDE_YEAR,
      `effective date ${date} must be ${range} for budget year ${year}`,
      'effectiveDate',
    );
  }
  return date;
}

function windowOf(year: number, window: DateWindow): [string, string | null] {
  switch (window) {
    case 'budget':
      return [`${year - 1}-01-01`, `${year + 1}-12-31`];
    case 'prepayment':
      return [`${year}-01-01`, `${year}-12-31`];
    case 'settlement':
      return [`${year}-01-01`, `${year + 1}-03-31`];
    case 'year_end':
      return [`${year + 1}-01-01`, null];
    default:
      return assertNever(window, 'date window');
  }
}

/** R-ENF-20: active, started, and not more than 2 calendar months past its end (renewal grace). */
export function assertAgreementActive(
  agreement: AgreementFact | null | undefined,
  effectiveDate: string,
): AgreementFact {
  if (agreement === null || agreement === undefined) {
    throw rejectRule(
      ErrorCodes.AGREEMENT_INACTIVE,
      'the hospital has no service agreement with this fund',
      'agreement',
    );
  }
  const fact = parseAgreement(agreement);
  if (fact.status !== 'active') {
    throw rejectRule(ErrorCodes.AGREEMENT_INACTIVE, `the service agreement is ${fact.status}`, 'agreement');
  }
  const graceEnd = addCalendarMonths(fact.validTo, 2);
  if (effectiveDate < fact.validFrom || effectiveDate > graceEnd) {
    throw rejectRule(
      ErrorCodes.AGREEMENT_INACTIVE,
      `the service agreement (${fact.validFrom}..${fact.validTo}, renewal grace to ${graceEnd}) does not cover ${effectiveDate}`,
      'agreement',
    );
  }
  return fact;
}

function parseAgreement(agreement: AgreementFact): AgreementFact {
  const fact: AgreementFact = {
    status: oneOf(agreement.status, 'agreement.status', ['active', 'suspended', 'terminated'] as const),
    validFrom: dateInput(agreement.validFrom, 'agreement.validFrom'),
    validTo: dateInput(agreement.validTo, 'agreement.validTo'),
  };
  if (fact.validFrom > fact.validTo) throw invalidField('agreement.validTo', 'must not be before validFrom');
  return fact;
}

/** The funds a hospital budget (quota, prepayments, settlements) may belong to: the pooled schemes. */
export const POOLED_FUND_KINDS: readonly FundKind[] = ['employee_pooled', 'resident_pooled'];

/**
 * The kinds that may pay a share of a settlement as co-fund (WE-12): medical assistance, or another
 * pooled scheme. Never the personal accounts (R-ACC-1: pooled fund and personal accounts never
 * cross-finance), nor maternity, nor the treasury memorandum (fines, not a fund).
 */
export const CO_PAYING_FUND_KINDS: readonly FundKind[] = ['medical_assistance', ...POOLED_FUND_KINDS];

/** What the handler read from the registry: a fund kind, or the treasury memorandum (never registered). */
export type FundKindFact = FundKind | 'treasury';

/**
 * 422 FUND_KIND_NOT_POOLED: quotas, prepayments and settlements only on a pooled fund. The kind is the
 * handler's registry read (an input of decide); undefined means the caller read none (a legacy caller,
 * e.g. a batch deciding directly) and the rule is not applied.
 */
export function assertPooledFund(kind: FundKindFact | undefined, fundId: string): void {
  if (kind === undefined || (POOLED_FUND_KINDS as readonly string[]).includes(kind)) return;
  throw rejectLocalRule(
    HospitalBudgetErrorCodes.FUND_KIND_NOT_POOLED,
    `fund ${fundId} is a ${kind} fund; quotas, prepayments and settlements are kept only on pooled funds (${POOLED_FUND_KINDS.join(', ')})`,
    'fundId',
  );
}

/** 422 CO_FUND_KIND_NOT_ALLOWED naming coFunding.fundId; undefined kind: not read, not applied. */
export function assertCoFundKind(kind: FundKindFact | undefined, coFundId: string): void {
  if (kind === undefined || (CO_PAYING_FUND_KINDS as readonly string[]).includes(kind)) return;
  throw rejectLocalRule(
    HospitalBudgetErrorCodes.CO_FUND_KIND_NOT_ALLOWED,
    `${coFundId} is ${kind === 'treasury' ? 'the treasury memorandum' : `a ${kind} fund`}; a co-fund must be one of ${CO_PAYING_FUND_KINDS.join(', ')}`,
    'coFunding.fundId',
  );
}

/** Stream key + business date: the head of every event's data. */
export function eventBase(key: BudgetStreamKey, effectiveDate: string): BudgetStreamKey & { effectiveDate: string } {
  return { fundId: key.fundId, payeeId: key.payeeId, year: key.year, effectiveDate };
}

/** This hospital's account in this fund (per hospital, not per year). */
export function hospitalAccount(key: BudgetStreamKey, account: HospitalAccount): string {
  return accounts.hospital(key.fundId, key.payeeId, account);
}
