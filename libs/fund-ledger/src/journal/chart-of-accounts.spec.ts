import { accounts, ExpenseCategory, HospitalAccount, IncomeSource } from '../shared/journal';
import { chartEntryFor, chartOfAccounts } from './chart-of-accounts';

const INCOME_SOURCES: IncomeSource[] = [
  'employer',
  'individual',
  'government_subsidy',
  'assistance_paid',
  'interest',
  'other',
  'liquidated_damages',
  'prior_year_recoveries',
];
const EXPENSES: ExpenseCategory[] = [
  'settlements',
  'clawbacks',
  'surplus_retained',
  'hospital_overrun_share',
  'deposit_forfeited',
  'contribution_subsidies',
];
const HOSPITAL: HospitalAccount[] = ['prepaid', 'withheld_deposit', 'deferred_payable', 'receivable'];

describe('chartOfAccounts', () => {
  it('documents every account id shared/journal.ts can produce', () => {
    const ids = [
      accounts.cash('F1'),
      ...INCOME_SOURCES.map((s) => accounts.income('F1', s)),
      ...EXPENSES.map((c) => accounts.expense('F1', c)),
      ...HOSPITAL.map((a) => accounts.hospital('F1', 'H-001', a)),
      accounts.finesReceivable(),
      accounts.finesPayableToTreasury(),
    ];
    expect(ids.filter((id) => chartEntryFor(id) === undefined)).toEqual([]);
    expect(chartOfAccounts).toHaveLength(ids.length);
  });

  it('has unique paths and an English and Chinese name and a meaning for each', () => {
    expect(new Set(chartOfAccounts.map((e) => e.path)).size).toBe(chartOfAccounts.length);
    for (const entry of chartOfAccounts) {
      expect([entry.name, entry.nameZh, entry.meaning].every((text) => text.length > 0)).toBe(true);
    }
  });

  it('gives the normal side by class: assets and expenses debit; income, liabilities and contra-expenses credit', () => {
    const expected = {
      asset: 'debit',
      expense: 'debit',
      income: 'credit',
      liability: 'credit',
      contra_expense: 'credit',
    } as const;
    for (const entry of chartOfAccounts.filter((e) => e.class !== 'memorandum')) {
      expect([entry.path, entry.normalSide]).toEqual([entry.path, expected[entry.class as keyof typeof expected]]);
    }
  });

  it('describes concrete accounts', () => {
    expect(chartEntryFor('QZ-EMP:hospital:H-001:withheld_deposit')).toMatchObject({
      class: 'liability',
      normalSide: 'credit',
    });
    expect(chartEntryFor('QZ-EMP:income:assistance_paid')?.nameZh).toContain('资助参保');
    expect(chartEntryFor('TREASURY:fines_receivable')).toMatchObject({ class: 'memorandum', normalSide: 'debit' });
    expect(chartEntryFor('QZ-EMP:income:lottery')).toBeUndefined();
    expect(chartEntryFor('QZ-EMP:hospital:H-001')).toBeUndefined();
  });
});
