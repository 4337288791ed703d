import type { RecordedEvent } from '@ledger/event-store';

import { fenToYuan, type ProjectionReader, type ReadModelProjection, type ReadTransaction } from '@ledger/read-store';
import {
  accountBalances,
  emptyMutableJournal,
  postToJournalInPlace,
  trialBalance,
  type AccountBalance,
  type AccountTotals,
  type Journal,
  type TrialBalance,
} from '../../journal/journal.fold';
import { postingsOf, type RunningTrialBalance } from '../journal.projection';
import { effectiveDateOf } from '../read-model-support';
import { decimalToFen, fenOf, fenToDecimal } from './fen';
import type { ReadPoint } from '../read-side.port';

/**
 * journal, durable: the double-entry journal as rows, folded by the same code as the in-memory journal
 * (postToJournalInPlace, with its checks) over a journal holding only the accounts an entry posts to.
 * - accounts (versioned, fund_id + account): debit and credit totals in fen;
 * - funds (versioned, fund_id): the fund's running debit and credit totals;
 * - totals (versioned, one row 'all'): entries, debits, credits and the number of unbalanced funds, so
 *   readiness reads the trial balance's verdict in one indexed lookup whatever the size of the log.
 * Versions carry the engine's monotone stamps: as of a recorded time is a prefix of the log, so the
 * trial balance as of any instant balances (a back-dated recordedAt after a later one waits for the
 * later one's instant: the difference from filtering every event by its own instant, under clock skew).
 */
const ALL = { scope: 'all' } as const;

export const journalReadModel: ReadModelProjection = {
  name: 'journal',
  version: 1,
  tables: [
    { name: 'accounts', key: ['fund_id', 'account'], values: { debit_fen: 'fen', credit_fen: 'fen' }, versioned: true },
    { name: 'funds', key: ['fund_id'], values: { debit_fen: 'fen', credit_fen: 'fen' }, versioned: true },
    {
      name: 'totals',
      key: ['scope'],
      values: { entries: 'fen', debit_fen: 'fen', credit_fen: 'fen', unbalanced: 'fen' },
      versioned: true,
    },
  ],
  apply: applyEntry,
};

async function applyEntry(tx: ReadTransaction, event: RecordedEvent): Promise<void> {
  const postings = postingsOf(event);
  if (!postings) return;
  const journal = emptyMutableJournal();
  for (const posting of postings) {
    if (journal.accounts.has(posting.account)) continue;
    const row = await tx.get('accounts', { fund_id: posting.fundId, account: posting.account });
    if (row) journal.accounts.set(posting.account, totalsOf(posting.fundId, posting.account, row));
  }
  // In fen, taken now: postToJournalInPlace updates the totals objects themselves.
  const before = new Map([...journal.accounts].map(([account, t]) => [account, { debit: decimalToFen(t.debit), credit: decimalToFen(t.credit) }]));
  const totals = await tx.get('totals', ALL);
  journal.entryCount = Number(fenOf(totals, 'entries'));
  postToJournalInPlace(journal, { eventType: event.type, position: event.position, effectiveDate: effectiveDateOf(event), postings });
  const perFund = new Map<string, { debit: bigint; credit: bigint }>();
  for (const [account, after] of journal.accounts) {
    const debit = decimalToFen(after.debit);
    const credit = decimalToFen(after.credit);
    const old = before.get(account);
    const delta = perFund.get(after.fundId) ?? { debit: 0n, credit: 0n };
    delta.debit += debit - (old?.debit ?? 0n);
    delta.credit += credit - (old?.credit ?? 0n);
    perFund.set(after.fundId, delta);
    await tx.put('accounts', { fund_id: after.fundId, account }, { debit_fen: debit, credit_fen: credit });
  }
  let unbalanced = fenOf(totals, 'unbalanced');
  let debitAll = fenOf(totals, 'debit_fen');
  let creditAll = fenOf(totals, 'credit_fen');
  for (const [fundId, delta] of perFund) {
    const fund = await tx.get('funds', { fund_id: fundId });
    const debit = fenOf(fund, 'debit_fen');
    const credit = fenOf(fund, 'credit_fen');
    const wasBalanced = debit === credit;
    const balanced = debit + delta.debit === credit + delta.credit;
    if (wasBalanced !== balanced) unbalanced += balanced ? -1n : 1n;
    debitAll += delta.debit;
    creditAll += delta.credit;
    await tx.put('funds', { fund_id: fundId }, { debit_fen: debit + delta.debit, credit_fen: credit + delta.credit });
  }
  await tx.put('totals', ALL, {
    entries: BigInt(journal.entryCount),
    debit_fen: debitAll,
    credit_fen: creditAll,
    unbalanced,
  });
}

function totalsOf(fundId: string, account: string, row: Readonly<Record<string, unknown>>): AccountTotals {
  return {
    fundId,
    account,
    debit: fenToDecimal(typeof row['debit_fen'] === 'bigint' ? row['debit_fen'] : 0n),
    credit: fenToDecimal(typeof row['credit_fen'] === 'bigint' ? row['credit_fen'] : 0n),
  };
}

const PAGE = 1000;

/** Every account row valid at the point (prefix: one fund's), page by page, in key order. */
export async function* accountRows(
  reader: ProjectionReader,
  point: ReadPoint,
  fundId?: string,
): AsyncGenerator<AccountTotals> {
  let after: Record<string, string> | undefined;
  for (;;) {
    const rows = await reader.list('accounts', {
      limit: PAGE,
      asOf: point.at,
      ...(fundId === undefined ? {} : { prefix: { fund_id: fundId } }),
      ...(after ? { after } : {}),
    });
    for (const row of rows) yield totalsOf(row.key['fund_id']!, row.key['account']!, row.values);
    if (rows.length < PAGE) return;
    after = { ...rows[rows.length - 1]!.key };
  }
}

/** The trial balance at the point, summed over the accounts: memory O(funds), whatever the number of accounts. */
export async function trialBalanceAt(reader: ProjectionReader, point: ReadPoint): Promise<{ entries: number } & TrialBalance> {
  const perFund = new Map<string, AccountTotals>();
  for await (const account of accountRows(reader, point)) {
    const fund = perFund.get(account.fundId);
    perFund.set(account.fundId, {
      fundId: account.fundId,
      account: account.fundId,
      debit: fund ? fund.debit.plus(account.debit) : account.debit,
      credit: fund ? fund.credit.plus(account.credit) : account.credit,
    });
  }
  const totals = await reader.asOf('totals', ALL, point.at);
  const journal: Journal = { accounts: perFund, lastPosition: null, entryCount: 0 };
  return { entries: Number(fenOf(totals?.values, 'entries')), ...trialBalance(journal) };
}

/** Every account's balance at the point (one fund's when fundId is given), in the in-memory journal's order. */
export async function accountBalancesAt(reader: ProjectionReader, point: ReadPoint, fundId?: string): Promise<AccountBalance[]> {
  const accounts = new Map<string, AccountTotals>();
  for await (const account of accountRows(reader, point, fundId)) accounts.set(account.account, account);
  return accountBalances({ accounts, lastPosition: null, entryCount: 0 }, fundId);
}

/** Readiness's verdict from the running totals row: one indexed read. */
export async function runningTrialBalanceNow(reader: ProjectionReader): Promise<RunningTrialBalance> {
  const row = await reader.current('totals', ALL);
  const debit = fenOf(row?.values, 'debit_fen');
  const credit = fenOf(row?.values, 'credit_fen');
  return {
    ok: fenOf(row?.values, 'unbalanced') === 0n && debit === credit,
    debitsYuan: fenToYuan(debit),
    creditsYuan: fenToYuan(credit),
    balanceYuan: fenToYuan(debit - credit),
  };
}

