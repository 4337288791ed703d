import type { JsonValue, RecordedEvent } from '@ledger/event-store';
import type { Projection } from '@ledger/projections';
import { Decimal, yuan, ZERO } from '@ledger/money';
import { amountOf, type Posting } from '../shared/journal';
import { effectiveDateOf } from './read-model-support';
import { emptyMutableJournal, postToJournalInPlace, type AccountTotals, type MutableJournal } from '../journal/journal.fold';

/** Every money event carries `postings`; everything else leaves the journal as it is. */
export function postingsOf(event: RecordedEvent): readonly Posting[] | undefined {
  const postings = event.data['postings'];
  return Array.isArray(postings) && postings.length > 0 ? (postings as unknown as Posting[]) : undefined;
}

interface FundRunningTotal {
  debit: Decimal;
  credit: Decimal;
}

/**
 * Σ debits and Σ credits per fund and in all, kept up to date as entries are posted, so that readiness
 * (/health, called every few seconds by every probe) reads the trial balance in O(1) instead of summing
 * every account (~125 ms at 3M events). Derived from the accounts on restore, never stored in a snapshot.
 */
export interface RunningTotals {
  readonly byFund: Map<string, FundRunningTotal>;
  debit: Decimal;
  credit: Decimal;
  /** Funds whose debits differ from their credits now: 0 while the books balance. */
  unbalancedFunds: number;
}

export interface JournalState extends MutableJournal {
  readonly totals: RunningTotals;
}

/** The trial balance's verdict and total as readiness reports it, from the running totals (O(1)). */
export interface RunningTrialBalance {
  readonly ok: boolean;
  readonly debitsYuan: string;
  readonly creditsYuan: string;
  readonly balanceYuan: string;
}

export function runningTrialBalance(journal: JournalState): RunningTrialBalance {
  const { debit, credit, unbalancedFunds } = journal.totals;
  return {
    ok: unbalancedFunds === 0 && debit.equals(credit),
    debitsYuan: yuan(debit),
    creditsYuan: yuan(credit),
    balanceYuan: yuan(debit.minus(credit)),
  };
}

const emptyTotals = (): RunningTotals => ({ byFund: new Map(), debit: ZERO, credit: ZERO, unbalancedFunds: 0 });

function fundTotalOf(totals: RunningTotals, fundId: string): FundRunningTotal {
  let fund = totals.byFund.get(fundId);
  if (fund === undefined) {
    fund = { debit: ZERO, credit: ZERO };
    totals.byFund.set(fundId, fund);
  }
  return fund;
}

/** Adds debits and credits to a fund's totals, keeping the count of unbalanced funds right. */
function addToFund(totals: RunningTotals, fundId: string, debit: Decimal, credit: Decimal): void {
  const fund = fundTotalOf(totals, fundId);
  const wasBalanced = fund.debit.equals(fund.credit);
  if (!debit.isZero()) fund.debit = fund.debit.plus(debit);
  if (!credit.isZero()) fund.credit = fund.credit.plus(credit);
  const balanced = fund.debit.equals(fund.credit);
  if (wasBalanced !== balanced) totals.unbalancedFunds += balanced ? -1 : 1;
  totals.debit = totals.debit.plus(debit);
  totals.credit = totals.credit.plus(credit);
}

/** One entry's postings onto the running totals (amountOf is cached per posting: parsed once, by the fold). */
function addEntry(totals: RunningTotals, postings: readonly Posting[]): void {
  const perFund = new Map<string, FundRunningTotal>();
  for (const posting of postings) {
    const amount = amountOf(posting);
    const fund = perFund.get(posting.fundId) ?? { debit: ZERO, credit: ZERO };
    if (posting.side === 'debit') fund.debit = fund.debit.plus(amount);
    else fund.credit = fund.credit.plus(amount);
    perFund.set(posting.fundId, fund);
  }
  for (const [fundId, fund] of perFund) addToFund(totals, fundId, fund.debit, fund.credit);
}

function totalsOf(accounts: ReadonlyMap<string, AccountTotals>): RunningTotals {
  const totals = emptyTotals();
  for (const account of accounts.values()) addToFund(totals, account.fundId, account.debit, account.credit);
  return totals;
}

interface JournalJson {
  lastPosition: string | null;
  entryCount: number;
  accounts: Array<{ fundId: string; account: string; debit: string; credit: string }>;
}

/** The double-entry journal: balances per account, the source of the trial balance. */
export const journalProjection: Projection<JournalState> = {
  name: 'journal',
  version: 1,
  initialState: () => ({ ...emptyMutableJournal(), totals: emptyTotals() }),
  apply(journal, event) {
    const postings = postingsOf(event);
    if (!postings) return journal;
    const entriesBefore = journal.entryCount;
    postToJournalInPlace(journal, {
      eventType: event.type,
      position: event.position,
      effectiveDate: effectiveDateOf(event),
      postings,
    });
    // A redelivered entry changes nothing in the fold, so nothing in the totals either.
    if (journal.entryCount !== entriesBefore) addEntry(journal.totals, postings);
    return journal;
  },
  toJson(journal): JsonValue {
    const json: JournalJson = {
      lastPosition: journal.lastPosition === null ? null : journal.lastPosition.toString(),
      entryCount: journal.entryCount,
      accounts: [...journal.accounts.values()].map((a) => ({
        fundId: a.fundId,
        account: a.account,
        debit: a.debit.toFixed(2),
        credit: a.credit.toFixed(2),
      })),
    };
    return json as unknown as JsonValue;
  },
  fromJson(json): JournalState {
    const parsed = json as unknown as JournalJson;
    const accounts = new Map<string, AccountTotals>();
    for (const a of parsed.accounts) {
      accounts.set(a.account, { fundId: a.fundId, account: a.account, debit: new Decimal(a.debit), credit: new Decimal(a.credit) });
    }
    return {
      accounts,
      lastPosition: parsed.lastPosition === null ? null : BigInt(parsed.lastPosition),
      entryCount: parsed.entryCount,
      // Recomputed from the accounts themselves: a snapshot whose accounts do not balance shows as unbalanced.
      totals: totalsOf(accounts),
    };
  },
};
