import { ExpenseCategory, HospitalAccount, IncomeSource, NetAssetAccount, Side, TREASURY_FUND } from '../shared/journal';

/**
 * The chart of accounts: every account path shared/journal.ts can produce, with its normal side and
 * meaning (English, then the Chinese term). The API docs render it. The Records below are keyed by
 * the shared unions, so a new income source, expense category or hospital account that is not
 * documented here is a compile error.
 */
export type AccountClass =
  | 'asset'
  | 'liability'
  | 'net_assets'
  | 'income'
  | 'expense'
  | 'contra_expense'
  | 'memorandum';

export interface ChartEntry {
  /** Account id pattern: {fundId}, {payeeId}, {unitId} and {earmarkId} are placeholders (one id segment each). */
  readonly path: string;
  readonly class: AccountClass;
  /** The side that increases the account; its balance is normally on this side. */
  readonly normalSide: Side;
  readonly name: string;
  readonly nameZh: string;
  readonly meaning: string;
}

type Described = Omit<ChartEntry, 'path'>;

const CASH: Described = {
  class: 'asset',
  normalSide: 'debit',
  name: 'Fund bank deposits',
  nameZh: '基金银行存款 (收入户/支出户)',
  meaning:
    'Money the fund holds. Collections are debited; every payment out is credited. No cash collection exists (R-FIN-7).',
};

const income = (name: string, nameZh: string, meaning: string): Described => ({
  class: 'income',
  normalSide: 'credit',
  name,
  nameZh,
  meaning,
});

const expense = (name: string, nameZh: string, meaning: string): Described => ({
  class: 'expense',
  normalSide: 'debit',
  name,
  nameZh,
  meaning,
});

const INCOME: Record<IncomeSource, Described> = {
  employer: income(
    'Employer contributions',
    '单位缴费收入',
    'Payroll contributions paid by employers: the pooled fund gets the rest of the basic-medical part, the personal accounts about 30% of it, maternity its 6‰ (R-FIN-2/3, WE-7).',
  ),
  individual: income(
    'Individual contributions',
    '个人缴费收入',
    "Contributions paid by members: employees' 2% (all to personal accounts, R-FIN-3) and residents' annual contributions (R-FIN-12).",
  ),
  government_subsidy: income(
    'Government subsidies',
    '财政补助收入 (中央、省、市、区级配套资金)',
    'Central, provincial and local subsidies, the main income of the resident fund (R-FIN-8, R-FIN-15).',
  ),
  assistance_paid: income(
    'Contributions paid by medical assistance',
    '资助参保收入',
    'Resident contributions of poor people paid by the medical-assistance fund; mirrors its contribution_subsidies expense (R-FIN-9).',
  ),
  interest: income('Interest income', '利息收入', "Interest on the fund's demand and fixed-term deposits (R-FIN-14)."),
  other: income('Other income', '其他收入', 'Income of no other category.'),
  liquidated_damages: income(
    'Liquidated damages',
    '违约金收入',
    'Damages charged to institutions under their service agreements; a category separate from recoveries and from fines (R-ENF-5, WE-17).',
  ),
  prior_year_recoveries: income(
    'Recoveries of prior-year payments',
    '追回以前年度基金收入',
    'Money recovered after the year it was paid was closed; income of the current year, not a reduction of closed-year spending.',
  ),
};

const EXPENSE: Record<ExpenseCategory, Described> = {
  settlements: {
    class: 'expense',
    normalSide: 'debit',
    name: 'Medical-expense settlements',
    nameZh: '医疗费用结算支出 (按月审核支付)',
    meaning: "Audited monthly settlements approved for institutions: the fund's benefit spending.",
  },
  clawbacks: {
    class: 'contra_expense',
    normalSide: 'credit',
    name: 'In-year clawbacks',
    nameZh: '追回/拒付 (冲减当年支出)',
    meaning: "Irregular payments recovered in the year they were paid: reduces that year's spending (R-ENF-4/5).",
  },
  surplus_retained: {
    class: 'expense',
    normalSide: 'debit',
    name: 'Retained surplus paid',
    nameZh: '结余留用',
    meaning:
      "Year end: the institution's retained share of its surplus against quota, paid in cash (policy retentionMode cash).",
  },
  hospital_overrun_share: {
    class: 'contra_expense',
    normalSide: 'credit',
    name: 'Overrun borne by the institution',
    nameZh: '超支分担 (医院承担部分)',
    meaning:
      "Year end: the part of spending over quota that the institution bears under the overrun tiers; reduces the fund's spending.",
  },
  deposit_forfeited: {
    class: 'contra_expense',
    normalSide: 'credit',
    name: 'Quality deposit forfeited',
    nameZh: '质量保证金扣除',
    meaning: 'Year end: the withheld deposit the fund keeps because of a low assessment score.',
  },
  contribution_subsidies: {
    class: 'expense',
    normalSide: 'debit',
    name: 'Contribution subsidies paid',
    nameZh: '资助参保支出',
    meaning: "Medical-assistance fund paying poor residents' contributions to the resident fund (R-FIN-9).",
  },
  individual_reimbursements: expense(
    'Individual reimbursements',
    '零星报销/手工报销支出',
    "Members' manually filed claims paid to them, filed within the deadline after discharge (R-PAY-10).",
  ),
  personal_account_spending: expense(
    'Personal-account spending settled',
    '个人账户支出 (定点药店/门诊)',
    "Members' personal-account spending settled monthly with designated pharmacies and clinics (R-PAY-6); employee personal-account fund only.",
  ),
  medical_assistance_payments: expense(
    'Medical-assistance payments',
    '医疗救助支出',
    "Approved assistance paid onto members' bank cards (R-PAY-17); medical-assistance fund only.",
  ),
  critical_illness_premiums: expense(
    'Critical-illness insurance premiums',
    '大病保险保费支出',
    'The resident pooled fund\'s premium to the critical-illness insurer: per capita × insured count (§7).',
  ),
  out_of_area_care: expense(
    'Out-of-area care',
    '异地就医费用支出',
    "Our members' care in other regions, owed to the provincial clearing platform until cleared.",
  ),
  earmarked_settlements: expense(
    'Earmarked advances settled',
    '专项预拨转列支出',
    'Earmarked advances converted into settled spending once their use is accounted for (R-PAY-12/13, R-ACC-6).',
  ),
};

const HOSPITAL: Record<HospitalAccount, Described> = {
  prepaid: {
    class: 'asset',
    normalSide: 'debit',
    name: 'Prepayments to the institution',
    nameZh: '预付医疗机构款 (预拨/预付)',
    meaning: "Advances paid against the institution's quota, cleared by settlements.",
  },
  withheld_deposit: {
    class: 'liability',
    normalSide: 'credit',
    name: 'Withheld quality deposit',
    nameZh: '质量保证金 (预留金)',
    meaning:
      'Share of each payment withheld (policy depositWithholdRate), owed back at year end according to the score.',
  },
  deferred_payable: {
    class: 'liability',
    normalSide: 'credit',
    name: 'Settled but unpaid',
    nameZh: '应付医疗机构款 (暂缓支付)',
    meaning: 'Amounts settled for the institution and not yet paid out, e.g. while its agreement is suspended.',
  },
  receivable: {
    class: 'asset',
    normalSide: 'debit',
    name: 'Receivable from the institution',
    nameZh: '应收医疗机构款 (追回款)',
    meaning:
      'Clawbacks, refusals of paid amounts and damages due from the institution, offset against later payments or paid in; also receivables carried in by an opening balance.',
  },
  paid_on_behalf: {
    class: 'asset',
    normalSide: 'debit',
    name: 'Paid to suppliers on the institution\'s behalf',
    nameZh: '代结算药品耗材货款 (待冲抵医疗机构结算)',
    meaning:
      "Centrally procured drugs and consumables paid to suppliers for the institution (R-PAY-14). Not an expense: the institution's settlement counts them once, and this balance is offset against it.",
  },
};

const NET_ASSETS: Record<NetAssetAccount, Described> = {
  accumulated_surplus: {
    class: 'net_assets',
    normalSide: 'credit',
    name: 'Accumulated surplus',
    nameZh: '累计结余',
    meaning:
      "The fund's surplus of earlier years carried in by its opening balance (a debit balance is an accumulated deficit).",
  },
};

/** Accounts kept per counterparty (payee, contributing unit) or per earmark. */
const PER_PARTY: ReadonlyArray<ChartEntry> = [
  {
    path: '{fundId}:net_assets:earmarked:{earmarkId}',
    class: 'net_assets',
    normalSide: 'credit',
    name: 'Earmarked funds',
    nameZh: '专项基金',
    meaning: 'Funds set aside for one earmarked purpose and accounted separately (R-ACC-6).',
  },
  {
    path: '{fundId}:payable:{payeeId}',
    class: 'liability',
    normalSide: 'credit',
    name: 'Payable to a payee',
    nameZh: '应付款 (按收款方)',
    meaning:
      'Amounts the fund owes a payee outside a hospital budget: payables carried in, out-of-area care owed to the clearing platform.',
  },
  {
    path: '{fundId}:receivable:{payeeId}',
    class: 'asset',
    normalSide: 'debit',
    name: 'Receivable from a payee',
    nameZh: '应收款 (按付款方)',
    meaning:
      "Amounts a payee owes the fund outside a hospital budget, e.g. other regions' care the fund paid for, owed by the clearing platform.",
  },
  {
    path: '{fundId}:unit:{unitId}:contributions_receivable',
    class: 'asset',
    normalSide: 'debit',
    name: 'Contributions receivable from a unit',
    nameZh: '应收医疗保险费 (按参保单位)',
    meaning: 'Contributions due from a contributing unit and not yet collected (R-FIN-6/10).',
  },
  {
    path: '{fundId}:advance:{payeeId}',
    class: 'asset',
    normalSide: 'debit',
    name: 'Earmarked advances',
    nameZh: '专项预拨款',
    meaning: 'Earmarked advances (R-PAY-12/13): a receivable from the recipient until repaid or converted into settled spending.',
  },
];

const TREASURY: Record<'fines_receivable' | 'fines_payable', Described> = {
  fines_receivable: {
    class: 'memorandum',
    normalSide: 'debit',
    name: 'Fines receivable (memorandum)',
    nameZh: '应收罚款 (备查)',
    meaning: 'Administrative fines imposed by the bureau; never fund income (R-ENF-4/5).',
  },
  fines_payable: {
    class: 'memorandum',
    normalSide: 'credit',
    name: 'Fines due to the treasury (memorandum)',
    nameZh: '应缴财政罚没款 (备查)',
    meaning: 'The counter-entry: fines belong to the treasury (fineDestination treasury).',
  },
};

const entries = <K extends string>(record: Record<K, Described>, path: (key: K) => string): ChartEntry[] =>
  (Object.keys(record) as K[]).map((key) => ({ path: path(key), ...record[key] }));

export const chartOfAccounts: readonly ChartEntry[] = [
  { path: '{fundId}:cash', ...CASH },
  ...entries(INCOME, (source) => `{fundId}:income:${source}`),
  ...entries(EXPENSE, (category) => `{fundId}:expense:${category}`),
  ...entries(HOSPITAL, (account) => `{fundId}:hospital:{payeeId}:${account}`),
  ...entries(NET_ASSETS, (account) => `{fundId}:net_assets:${account}`),
  ...PER_PARTY,
  ...entries(TREASURY, (account) => `${TREASURY_FUND}:${account}`),
];

const PLACEHOLDER = /^\{[a-zA-Z]+\}$/;

/** A concrete id matches a path when each segment is equal or fills a placeholder (one non-empty segment). */
function matches(path: string, segments: readonly string[]): boolean {
  const pattern = path.split(':');
  return (
    pattern.length === segments.length &&
    pattern.every((part, i) => (PLACEHOLDER.test(part) ? segments[i] !== '' : part === segments[i]))
  );
}

/**
 * The chart entry for a concrete account id, e.g. 'F1:hospital:H-001:prepaid'; undefined if unknown.
 * A fixed path wins over a placeholder (F1:net_assets:accumulated_surplus is not an earmark).
 */
export function chartEntryFor(accountId: string): ChartEntry | undefined {
  const segments = accountId.split(':');
  const [fundId] = segments;
  if (!fundId) return undefined;
  const candidates = chartOfAccounts.filter((entry) =>
    fundId === TREASURY_FUND ? entry.path === accountId : !entry.path.startsWith(`${TREASURY_FUND}:`),
  );
  const concrete = ['{fundId}', ...segments.slice(1)];
  return candidates.find((entry) => entry.path === concrete.join(':')) ?? candidates.find((entry) => matches(entry.path, segments));
}
