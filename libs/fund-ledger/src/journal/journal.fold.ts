import { Decimal, MoneyFormatError, sum, yuan, ZERO } from '@ledger/money';
import { invariant } from '../shared/decider';
import { amountOf, assertBalanced, Posting } from '../shared/journal';
import { toCalendarDate } from '../registry/calendar';

/**
 * The journal projection as a pure, deterministic fold: postings in, balances per account out.
 * Balances stay Decimal inside and leave as yuan strings. Entries arrive in global-position order;
 * an entry at or below the last position folded is a redelivery and changes nothing (at-least-once
 * subscriptions redeliver). It re-checks every entry's balance: the deciders asserted it where they
 * decided, the projection asserts it again where it projects.
 */
export interface JournalEntry {
  readonly eventType: string;
  /** The event's global position (bigint in process, decimal string at the edges). */
  readonly position: bigint | string;
  /** Business date of the event, YYYY-MM-DD. */
  readonly effectiveDate: string;
  readonly postings: readonly Posting[];
}

export interface AccountTotals {
  readonly fundId: string;
  readonly account: string;
  readonly debit: Decimal;
  readonly credit: Decimal;
}

export interface Journal {
  /** Keyed by account id (`${fundId}:${path}`, unique across funds). */
  readonly accounts: ReadonlyMap<string, AccountTotals>;
  readonly lastPosition: bigint | null;
  readonly entryCount: number;
}

export interface AccountBalance {
  readonly account: string;
  readonly fundId: string;
  readonly debitYuan: string;
  readonly creditYuan: string;
  /** Debits minus credits: positive for debit-normal accounts in the usual case (see chartOfAccounts). */
  readonly balanceYuan: string;
}

export interface FundTotals {
  readonly fundId: string;
  readonly debitsYuan: string;
  readonly creditsYuan: string;
  /** Debits minus credits over all the fund's accounts: zero when the fund's books balance. */
  readonly balanceYuan: string;
}

export interface TrialBalance {
  readonly byFund: readonly FundTotals[];
  readonly total: Omit<FundTotals, 'fundId'>;
  /** Every fund, and so the total, has debits equal to credits. */
  readonly ok: boolean;
}

export const emptyJournal = (): Journal => ({ accounts: new Map(), lastPosition: null, entryCount: 0 });

/** One entry onto a journal, returning a new journal (copies the account map: O(accounts)). */
export function postToJournal(journal: Journal, entry: JournalEntry): Journal {
  const position = toPosition(entry.position);
  if (journal.lastPosition !== null && position <= journal.lastPosition) return journal;
  const accounts = new Map(journal.accounts);
  applyPostings(accounts, entry);
  return { accounts, lastPosition: position, entryCount: journal.entryCount + 1 };
}

/**
 * The projection runner's hot path: posts onto a journal it owns, in place, in O(postings). A live
 * projection and a 1M-event replay cannot afford postToJournal's copy of the account map per event,
 * nor a new totals object per posting. The journal's map AND its totals objects must be the caller's
 * own (made by emptyMutableJournal or the projection's fromJson, never shared with postToJournal's).
 */
export function postToJournalInPlace(journal: MutableJournal, entry: JournalEntry): MutableJournal {
  const position = toPosition(entry.position);
  if (journal.lastPosition !== null && position <= journal.lastPosition) return journal;
  const amounts = checkedAmounts(entry);
  entry.postings.forEach((posting, index) => {
    let totals = journal.accounts.get(posting.account) as { -readonly [K in keyof AccountTotals]: AccountTotals[K] } | undefined;
    if (totals === undefined) {
      totals = { fundId: posting.fundId, account: posting.account, debit: ZERO, credit: ZERO };
      journal.accounts.set(posting.account, totals);
    }
    if (posting.side === 'debit') totals.debit = totals.debit.plus(amounts[index]!);
    else totals.credit = totals.credit.plus(amounts[index]!);
  });
  journal.lastPosition = position;
  journal.entryCount += 1;
  return journal;
}

export interface MutableJournal extends Journal {
  readonly accounts: Map<string, AccountTotals>;
  lastPosition: bigint | null;
  entryCount: number;
}

export const emptyMutableJournal = (): MutableJournal => ({ accounts: new Map(), lastPosition: null, entryCount: 0 });

/** A whole history at once, in O(postings): the same result as posting the entries one by one. */
export function foldJournal(entries: Iterable<JournalEntry>, from: Journal = emptyJournal()): Journal {
  const accounts = new Map(from.accounts);
  let { lastPosition, entryCount } = from;
  for (const entry of entries) {
    const position = toPosition(entry.position);
    if (lastPosition !== null && position <= lastPosition) continue;
    applyPostings(accounts, entry);
    lastPosition = position;
    entryCount += 1;
  }
  return { accounts, lastPosition, entryCount };
}

/** The entry's amounts, once its type, date, amounts and per-fund balance are checked (TIGER_STYLE: again where we project). */
function checkedAmounts(entry: JournalEntry): Decimal[] {
  invariant(typeof entry.eventType === 'string' && entry.eventType.length > 0, 'journal entry without an event type');
  invariant(toCalendarDate(entry.effectiveDate) !== undefined, `${entry.eventType}: effectiveDate is not a date`);
  const amounts = entry.postings.map((p) => postingAmount(entry.eventType, p));
  assertBalanced(entry.postings);
  return amounts;
}

function applyPostings(accounts: Map<string, AccountTotals>, entry: JournalEntry): void {
  const amounts = checkedAmounts(entry);
  entry.postings.forEach((posting, index) => {
    const amount = amounts[index]!;
    const totals = accounts.get(posting.account) ?? {
      fundId: posting.fundId,
      account: posting.account,
      debit: ZERO,
      credit: ZERO,
    };
    accounts.set(
      posting.account,
      posting.side === 'debit'
        ? { ...totals, debit: totals.debit.plus(amount) }
        : { ...totals, credit: totals.credit.plus(amount) },
    );
  });
}

function postingAmount(eventType: string, posting: Posting): Decimal {
  invariant(
    posting.side === 'debit' || posting.side === 'credit',
    `${eventType}: posting side ${String(posting.side)}`,
  );
  try {
    return amountOf(posting);
  } catch (error) {
    if (error instanceof MoneyFormatError) invariant(false, `${eventType}: ${error.message}`);
    throw error;
  }
}

function toPosition(position: bigint | string): bigint {
  if (typeof position === 'bigint') return position;
  invariant(/^(0|[1-9][0-9]*)$/.test(position), `journal position ${position} is not a decimal integer`);
  return BigInt(position);
}

/** Per-fund and total debits and credits. A fund whose books do not balance makes ok false. */
export function trialBalance(journal: Journal): TrialBalance {
  const perFund = new Map<string, { debits: Decimal; credits: Decimal }>();
  for (const totals of journal.accounts.values()) {
    const fund = perFund.get(totals.fundId) ?? { debits: ZERO, credits: ZERO };
    perFund.set(totals.fundId, { debits: fund.debits.plus(totals.debit), credits: fund.credits.plus(totals.credit) });
  }
  const byFund = [...perFund.entries()]
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([fundId, t]) => ({ fundId, ...totalsOut(t.debits, t.credits) }));
  const debits = sum([...perFund.values()].map((t) => t.debits));
  const credits = sum([...perFund.values()].map((t) => t.credits));
  const ok = [...perFund.values()].every((t) => t.debits.equals(t.credits)) && debits.equals(credits);
  return { byFund, total: totalsOut(debits, credits), ok };
}

/** Every account's totals, sorted by fund then account id; only one fund's when fundId is given. */
export function accountBalances(journal: Journal, fundId?: string): AccountBalance[] {
  return [...journal.accounts.values()]
    .filter((totals) => fundId === undefined || totals.fundId === fundId)
    .sort((a, b) => compareCodeUnits(a.fundId, b.fundId) || compareCodeUnits(a.account, b.account))
    .map((totals) => ({
      account: totals.account,
      fundId: totals.fundId,
      debitYuan: yuan(totals.debit),
      creditYuan: yuan(totals.credit),
      balanceYuan: yuan(totals.debit.minus(totals.credit)),
    }));
}

function totalsOut(debits: Decimal, credits: Decimal): Omit<FundTotals, 'fundId'> {
  return { debitsYuan: yuan(debits), creditsYuan: yuan(credits), balanceYuan: yuan(debits.minus(credits)) };
}

/** Locale-independent order, so every machine sorts the same way. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
