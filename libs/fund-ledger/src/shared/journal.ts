import { Decimal, parseYuan, yuan } from '@ledger/money';
import { invariant } from './decider';

/**
 * Double entry. Every money event carries its postings; the postings of one event balance *per fund*,
 * so no event can move value from one fund to another. That is how R-ACC-1 (the pooled fund and the
 * personal accounts never finance each other) holds by construction; assertBalanced() checks it where
 * we decide, and the journal projection checks it again where we project.
 *
 * Account ids: `${fundId}:${path}`. The treasury memorandum (fines, 罚款) is the pseudo-fund TREASURY.
 */
export type Side = 'debit' | 'credit';

export interface Posting {
  readonly fundId: string;
  readonly account: string;
  readonly side: Side;
  readonly amountYuan: string;
}

export const TREASURY_FUND = 'TREASURY';

export type IncomeSource =
  | 'employer'
  | 'individual'
  | 'government_subsidy'
  | 'assistance_paid'
  | 'interest'
  | 'other'
  | 'liquidated_damages'
  | 'prior_year_recoveries';

export type ExpenseCategory =
  | 'settlements' // approved monthly settlements (debit)
  | 'clawbacks' // in-year clawbacks (credit, contra-expense)
  | 'surplus_retained' // year-end retained surplus paid in cash (debit)
  | 'hospital_overrun_share' // year-end: the hospital's share of the overrun (credit, contra)
  | 'deposit_forfeited' // year-end: deposit kept by the fund for a low score (credit, contra)
  | 'contribution_subsidies' // medical assistance paying residents' contributions (debit)
  | 'individual_reimbursements' // 零星报销/手工报销 paid to members (debit)
  | 'personal_account_spending' // 个人账户支出 settled with designated pharmacies and clinics (debit)
  | 'medical_assistance_payments' // 医疗救助支出 paid onto members' bank cards (debit)
  | 'critical_illness_premiums' // 大病保险保费 paid to the insurer (debit)
  | 'out_of_area_care' // 异地就医: our members' care elsewhere, owed to the clearing platform (debit)
  | 'earmarked_settlements'; // earmarked advances converted into settled spending (debit)

/** paid_on_behalf: 代结算, drugs and consumables paid to suppliers for the hospital, offset against its settlement. */
export type HospitalAccount = 'prepaid' | 'withheld_deposit' | 'deferred_payable' | 'receivable' | 'paid_on_behalf';

/** Net assets (基金净资产): the accumulated surplus (累计结余) and earmarked funds (专项基金). */
export type NetAssetAccount = 'accumulated_surplus';

export const accounts = {
  cash: (fundId: string) => `${fundId}:cash`,
  income: (fundId: string, source: IncomeSource) => `${fundId}:income:${source}`,
  expense: (fundId: string, category: ExpenseCategory) => `${fundId}:expense:${category}`,
  hospital: (fundId: string, payeeId: string, account: HospitalAccount) => `${fundId}:hospital:${payeeId}:${account}`,
  netAssets: (fundId: string, account: NetAssetAccount) => `${fundId}:net_assets:${account}`,
  earmarkedFund: (fundId: string, earmarkId: string) => `${fundId}:net_assets:earmarked:${earmarkId}`,
  /** Amounts the fund owes a payee other than through a hospital budget (carried in, out-of-area clearing). */
  payable: (fundId: string, payeeId: string) => `${fundId}:payable:${payeeId}`,
  /** Amounts a payee owes the fund other than through a hospital budget (e.g. the clearing platform). */
  receivable: (fundId: string, payeeId: string) => `${fundId}:receivable:${payeeId}`,
  /** Contributions due from a contributing unit (参保单位), carried in or assessed. */
  unitReceivable: (fundId: string, unitId: string) => `${fundId}:unit:${unitId}:contributions_receivable`,
  /** An earmarked advance (专项预拨) to a recipient: a receivable until repaid or converted. */
  advance: (fundId: string, payeeId: string) => `${fundId}:advance:${payeeId}`,
  finesReceivable: () => `${TREASURY_FUND}:fines_receivable`,
  finesPayableToTreasury: () => `${TREASURY_FUND}:fines_payable`,
};

export const debit = (fundId: string, account: string, amount: Decimal): Posting => ({
  fundId,
  account,
  side: 'debit',
  amountYuan: yuan(amount),
});
export const credit = (fundId: string, account: string, amount: Decimal): Posting => ({
  fundId,
  account,
  side: 'credit',
  amountYuan: yuan(amount),
});

/**
 * A posting's amount as a Decimal, checked (yuan, at most 2 places, not negative) and parsed once per
 * posting object: the decider's balance check, the journal and the fund-balance view all read the same
 * posting of the same event. Weakly held, so an entry lives exactly as long as its event. (Parsing the
 * same decimal strings again and again was a fifth of a replay's CPU.) Throws MoneyFormatError.
 */
const parsedAmounts = new WeakMap<Posting, Decimal>();
export function amountOf(posting: Posting): Decimal {
  let amount = parsedAmounts.get(posting);
  if (amount === undefined) {
    amount = parseYuan(posting.amountYuan, posting.account, 'non_negative');
    parsedAmounts.set(posting, amount);
  }
  return amount;
}

/** Drops zero postings (a zero line is noise in an auditor's journal). */
export function nonZero(postings: readonly Posting[]): Posting[] {
  return postings.filter((p) => !amountOf(p).isZero());
}

/** Debits minus credits per fund. */
export function balanceByFund(postings: readonly Posting[]): Map<string, Decimal> {
  const balances = new Map<string, Decimal>();
  for (const p of postings) {
    const amount = amountOf(p);
    invariant(!amount.isNegative(), `posting ${p.account} has a negative amount`);
    invariant(p.account.startsWith(`${p.fundId}:`), `posting ${p.account} is not an account of fund ${p.fundId}`);
    const signed = p.side === 'debit' ? amount : amount.negated();
    balances.set(p.fundId, (balances.get(p.fundId) ?? new Decimal(0)).plus(signed));
  }
  return balances;
}

/**
 * Invariant: the postings balance in every fund they touch, and therefore in total (the total is the
 * sum of the funds' zero balances, so it needs no second pass).
 */
export function assertBalanced(postings: readonly Posting[]): void {
  for (const [fundId, balance] of balanceByFund(postings)) {
    invariant(balance.isZero(), `postings do not balance in fund ${fundId}: debits - credits = ${balance.toString()}`);
  }
}
