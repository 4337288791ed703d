import { Decimal } from '@ledger/money';
import { InvariantViolation } from '../shared/decider';
import { accounts, credit, debit, Posting } from '../shared/journal';
import { FundKind } from '../registry/registry.events';
import { caught } from '../test/decider-specification';
import { assertNoCrossFinancing } from './cross-financing';

const POOLED = 'EMP-POOL';
const PERSONAL = 'EMP-PERS';
const RESIDENT = 'RES-POOL';
const ASSIST = 'ASSIST';
const kinds = new Map<string, FundKind>([
  [POOLED, 'employee_pooled'],
  [PERSONAL, 'employee_personal'],
  [RESIDENT, 'resident_pooled'],
  [ASSIST, 'medical_assistance'],
]);
const d = (v: string) => new Decimal(v);

const payrollSplit: Posting[] = [
  debit(POOLED, accounts.cash(POOLED), d('208.04')),
  credit(POOLED, accounts.income(POOLED, 'employer'), d('208.04')),
  debit(PERSONAL, accounts.cash(PERSONAL), d('163.46')),
  credit(PERSONAL, accounts.income(PERSONAL, 'individual'), d('74.30')),
  credit(PERSONAL, accounts.income(PERSONAL, 'employer'), d('89.16')),
];

/** The personal accounts paying the pooled fund's claims: each fund balanced, yet the scopes cross. */
const personalPaysPooledClaims: Posting[] = [
  debit(POOLED, accounts.cash(POOLED), d('100.00')),
  credit(POOLED, accounts.income(POOLED, 'other'), d('100.00')),
  debit(PERSONAL, accounts.expense(PERSONAL, 'settlements'), d('100.00')),
  credit(PERSONAL, accounts.cash(PERSONAL), d('100.00')),
];

const violation = (run: () => void): string => {
  const error = caught(run);
  expect(error).toBeInstanceOf(InvariantViolation);
  return (error as Error).message;
};

describe('assertNoCrossFinancing (R-ACC-1)', () => {
  it('allows the payroll income split to post to both employee funds', () => {
    expect(() => assertNoCrossFinancing('PayrollContributionCollected', payrollSplit, kinds)).not.toThrow();
  });

  it('refuses any other event posting to both the employee pooled fund and the personal accounts', () => {
    expect(violation(() => assertNoCrossFinancing('MonthlySettlementPosted', personalPaysPooledClaims, kinds))).toMatch(
      /R-ACC-1/,
    );
    expect(violation(() => assertNoCrossFinancing('ContributionCollected', payrollSplit, kinds))).toMatch(/R-ACC-1/);
  });

  it('refuses a "payroll" event that books anything but cash in and income', () => {
    expect(
      violation(() => assertNoCrossFinancing('PayrollContributionCollected', personalPaysPooledClaims, kinds)),
    ).toMatch(/only book cash in and income/);
  });

  it('allows other inter-fund events, e.g. assistance paying resident contributions (R-FIN-9)', () => {
    const assistancePaid = [
      debit(RESIDENT, accounts.cash(RESIDENT), d('330.00')),
      credit(RESIDENT, accounts.income(RESIDENT, 'assistance_paid'), d('330.00')),
      debit(ASSIST, accounts.expense(ASSIST, 'contribution_subsidies'), d('330.00')),
      credit(ASSIST, accounts.cash(ASSIST), d('330.00')),
    ];
    expect(() => assertNoCrossFinancing('ContributionCollected', assistancePaid, kinds)).not.toThrow();
  });

  it('skips the treasury memorandum', () => {
    const fine = [
      debit('TREASURY', accounts.finesReceivable(), d('1.00')),
      credit('TREASURY', accounts.finesPayableToTreasury(), d('1.00')),
    ];
    expect(() => assertNoCrossFinancing('FineImposed', fine, kinds)).not.toThrow();
  });

  it('refuses to judge postings to a fund whose kind it was not given', () => {
    expect(
      violation(() =>
        assertNoCrossFinancing('ContributionCollected', payrollSplit, new Map([[POOLED, 'employee_pooled']])),
      ),
    ).toMatch(/kind of fund EMP-PERS is not known/);
  });
});
