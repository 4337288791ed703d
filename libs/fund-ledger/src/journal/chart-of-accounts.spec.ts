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
  'individual_reimbursements',
  'personal_account_spending',
  'medical_assistance_payments',
  'critical_illness_premiums',
  'out_of_area_care',
  'earmarked_settlements',
];
const HOSPITAL: HospitalAccount[] = ['prepaid', 'withheld_deposit', 'deferred_payable', 'receivable', 'paid_on_behalf'];

describe('chartOfAccounts', () => {
  it('documents every account id shared/journal.ts can produce', () => {
    const ids = [
      accounts.cash('F1'),
      ...INCOME_SOURCES.map((s) => accounts.income('F1', s)),
      ...EXPENSES.map((c) => accounts.expense('F1', c)),
      ...HOSPITAL.map((a) => accounts.hospital('F1', 'H-001', a)),
      accounts.netAssets('F1', 'accumulated_surplus'),
      accounts.earmarkedFund('F1', 'COVID-19'),
      accounts.payable('F1', 'CH-PROV'),
      accounts.receivable('F1', 'CH-PROV'),
      accounts.unitReceivable('F1', 'U-0001'),
      accounts.advance('F1', 'H-001'),
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
      net_assets: 'credit',
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

  it('describes the fund book accounts: net assets, per-payee payables and receivables, unit receivables, advances', () => {
    expect(chartEntryFor('QZ-RES:net_assets:accumulated_surplus')).toMatchObject({ class: 'net_assets', nameZh: '累计结余' });
    expect(chartEntryFor('QZ-RES:net_assets:earmarked:COVID-19')).toMatchObject({ class: 'net_assets', nameZh: '专项基金' });
    expect(chartEntryFor('QZ-RES:payable:CH-PROV')).toMatchObject({ class: 'liability', normalSide: 'credit' });
    expect(chartEntryFor('QZ-RES:receivable:CH-PROV')).toMatchObject({ class: 'asset', normalSide: 'debit' });
    expect(chartEntryFor('QZ-RES:unit:U-1:contributions_receivable')).toMatchObject({ class: 'asset' });
    expect(chartEntryFor('QZ-RES:advance:H-001')?.nameZh).toBe('专项预拨款');
    expect(chartEntryFor('QZ-RES:hospital:H-001:paid_on_behalf')).toMatchObject({ class: 'asset' });
    expect(chartEntryFor('QZ-RES:expense:critical_illness_premiums')?.nameZh).toContain('大病保险');
    // A placeholder fills exactly one non-empty segment.
    expect(chartEntryFor('QZ-RES:payable:')).toBeUndefined();
    expect(chartEntryFor('QZ-RES:payable:A:B')).toBeUndefined();
    expect(chartEntryFor('QZ-RES:net_assets:other')).toBeUndefined();
    expect(chartEntryFor('TREASURY:payable:X')).toBeUndefined();
  });
});
