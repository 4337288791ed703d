/** The shapes the console reads (a subset of /docs/openapi.json; amounts are decimal strings in yuan). */
export type Warning = 'red' | 'amber' | 'normal' | 'excessive' | 'none' | null;

export interface FundFigures {
  incomeYuan: string;
  incomeBySource: Record<string, string>;
  expenditureYuan: string;
  expenditureByCategory: Record<string, string>;
  currentSurplusYuan: string;
  openReceivablesYuan: string;
  finesToTreasuryYuan: string;
  monthsCovered: string | null;
  warning: Warning;
}

export interface FundTotals extends FundFigures {
  expenditureToIncomePercent: string | null;
  spendingWarning: Warning;
  openingBalanceYuan: string;
  closingBalanceYuan: string;
}

export interface FundMonth extends FundFigures {
  month: string;
  cumulativeBalanceYuan: string;
}

export interface ReadAnswer {
  asOf: string;
  position: string;
  businessDate: string;
}

export interface FundSummary {
  fundId: string;
  kind: string;
  name: string | null;
  group: string;
  year: number;
  totals: FundTotals;
}

export interface FundBalancesList extends ReadAnswer {
  year: number;
  pooled: FundSummary[];
  personal: FundSummary[];
  other: FundSummary[];
  treasury: FundSummary[];
}

export interface FundBalances extends ReadAnswer, FundSummary {
  months: FundMonth[];
}

export interface HospitalSummaryRow {
  fundId: string;
  payeeId: string;
  year: number;
  status: string;
  quotaYuan: string;
  approvedYuan: string;
  actualYuan: string;
  executionPercent: string | null;
  timeSharePercent: string | null;
  projectedOverrunYuan: string | null;
  projectedSurplusYuan: string | null;
  overrunYuan: string | null;
  netPaidYuan: string;
  openReceivablesYuan: string;
  warning: Warning;
}

export interface HospitalSummaryPage extends ReadAnswer {
  sortBy: string | null;
  order: 'asc' | 'desc';
  total: number;
  limit: number;
  offset: number;
  items: HospitalSummaryRow[];
}

export interface Posting {
  fundId: string;
  account: string;
  side: 'debit' | 'credit';
  amountYuan: string;
}

export interface RecordedEvent {
  id: string;
  stream: string;
  revision: string;
  position: string;
  type: string;
  recordedAt: string;
  data: Record<string, unknown> & { postings?: Posting[]; effectiveDate?: string };
  metadata: {
    actor?: string;
    role?: string;
    commandId?: string;
    correlationId?: string;
    causationId?: string;
    effectiveDate?: string;
    prevHash?: string;
    hash?: string;
  } & Record<string, unknown>;
}

export interface EventPage {
  stream: string;
  events: RecordedEvent[];
  nextFromRevision: string | null;
}

export interface VerifyResult {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  firstBreak?: Record<string, unknown> | null;
}

export interface HospitalProjection {
  asOf: string;
  position: string;
  status: string;
  execution: {
    businessDate: string;
    quotaYuan: string;
    actualYuan: string;
    executionPercent: string | null;
    timeSharePercent: string | null;
    gapPercentagePoints: string | null;
    projectedOverrunYuan: string | null;
    warning: Warning;
  } | null;
}

/** The write model's hospital-year (GET /hospital-budgets/{fundId}/{payeeId}/{year}): shown as it comes. */
export interface HospitalYear {
  stream: string;
  revision: string;
  position: string;
  asOfPosition: string | null;
  closed: boolean;
  quota: Record<string, unknown>;
  prepayments: Record<string, unknown>;
  settlements: Record<string, unknown>;
  receivables: Record<string, unknown>;
  penalties: Record<string, unknown>;
  actualYuan: string;
  netPaidYuan: string;
  scorePoints: string | null;
  yearEnd: Record<string, unknown> | null;
}
