import type { RecordedEvent } from '@ledger/event-store';
import type { ProjectionReader } from '../engine/projection-reader';
import type { AsOf, KeyValue, ReadModelProjection, ReadTransaction, Values } from '../read-store.port';
import { effectiveDateOf } from '../validity';
import { fenToYuan, yuanToFen } from './fen';

/**
 * The pilot: the trial balance as durable rows. Per (fund, account): debit and credit totals in integer
 * fen, versioned by position (as of a position or a recorded time is one index seek per account), plus
 * per-business-date deltas (as of a business date is exact even for back-dated postings). Postings are
 * those of libs/fund-ledger/src/shared/journal.ts: { fundId, account, side, amountYuan }, balancing per fund.
 */
export interface PostingData {
  readonly fundId: string;
  readonly account: string;
  readonly side: 'debit' | 'credit';
  readonly amountYuan: string;
}

export class InvalidPostingError extends Error {
  override readonly name = 'InvalidPostingError';
}

export const trialBalanceProjection: ReadModelProjection = {
  name: 'trial_balance',
  version: 1,
  tables: [
    { name: 'balances', key: ['fund_id', 'account'], values: { debit_fen: 'fen', credit_fen: 'fen' }, versioned: true },
    {
      name: 'daily',
      key: ['fund_id', 'account', 'business_date'],
      values: { debit_fen: 'fen', credit_fen: 'fen' },
      versioned: false,
    },
  ],
  apply: applyPostings,
};

async function applyPostings(tx: ReadTransaction, event: RecordedEvent): Promise<void> {
  const postings = checkedPostings(event);
  if (!postings) return;
  const businessDate = effectiveDateOf(event);
  for (const { posting, fen } of postings) {
    const debit = posting.side === 'debit' ? fen : 0n;
    const credit = posting.side === 'credit' ? fen : 0n;
    const key = { fund_id: posting.fundId, account: posting.account };
    await tx.put('balances', key, added(await tx.get('balances', key), debit, credit));
    const day = { ...key, business_date: businessDate };
    await tx.upsert('daily', day, added(await tx.get('daily', day), debit, credit));
  }
}

const fenOf = (values: Values | undefined, column: string): bigint => {
  const value = values?.[column];
  return typeof value === 'bigint' ? value : 0n;
};

const added = (values: Values | undefined, debit: bigint, credit: bigint): Values => ({
  debit_fen: fenOf(values, 'debit_fen') + debit,
  credit_fen: fenOf(values, 'credit_fen') + credit,
});

/** The event's postings with their amounts in fen, checked as the journal checks them; undefined: none. */
function checkedPostings(event: RecordedEvent): Array<{ posting: PostingData; fen: bigint }> | undefined {
  const raw = event.data['postings'];
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const perFund = new Map<string, bigint>();
  const checked = raw.map((item, index) => {
    const posting = item as unknown as PostingData;
    const where = `${event.type}@${event.position} postings[${index}]`;
    if (
      typeof posting?.fundId !== 'string' ||
      typeof posting.account !== 'string' ||
      !posting.account.startsWith(`${posting.fundId}:`)
    ) {
      throw new InvalidPostingError(`${where}: account is not an account of its fund`);
    }
    if (posting.side !== 'debit' && posting.side !== 'credit') throw new InvalidPostingError(`${where}: side`);
    const fen = yuanToFen(posting.amountYuan, `${where}.amountYuan`);
    perFund.set(posting.fundId, (perFund.get(posting.fundId) ?? 0n) + (posting.side === 'debit' ? fen : -fen));
    return { posting, fen };
  });
  for (const [fundId, balance] of perFund) {
    if (balance !== 0n)
      throw new InvalidPostingError(`${event.type}@${event.position}: postings do not balance in fund ${fundId}`);
  }
  return checked;
}

export interface FundTotals {
  readonly fundId: string;
  readonly debitsYuan: string;
  readonly creditsYuan: string;
  readonly balanceYuan: string;
}

/** The same shape as the in-memory journal's trialBalance (libs/fund-ledger/src/journal/journal.fold.ts). */
export interface TrialBalance {
  readonly byFund: readonly FundTotals[];
  readonly total: Omit<FundTotals, 'fundId'>;
  readonly ok: boolean;
}

const PAGE = 1000;

/**
 * The trial balance now, or as of a position, a recorded time or a business date. Reads in pages of
 * 1000 accounts and keeps one running total per fund: memory O(funds), whatever the number of accounts.
 */
export async function trialBalance(reader: ProjectionReader, asOf?: AsOf): Promise<TrialBalance> {
  const perFund = new Map<string, { debit: bigint; credit: bigint }>();
  const add = (values: Values, fundId: string): void => {
    const totals = perFund.get(fundId) ?? { debit: 0n, credit: 0n };
    perFund.set(fundId, {
      debit: totals.debit + fenOf(values, 'debit_fen'),
      credit: totals.credit + fenOf(values, 'credit_fen'),
    });
  };
  const businessDate = asOf && 'effectiveDate' in asOf ? asOf.effectiveDate : undefined;
  const table = businessDate === undefined ? 'balances' : 'daily';
  const listAsOf = businessDate === undefined ? asOf : undefined;
  let after: KeyValue | undefined;
  for (;;) {
    const rows = await reader.list(table, {
      limit: PAGE,
      ...(listAsOf ? { asOf: listAsOf } : {}),
      ...(after ? { after } : {}),
    });
    for (const row of rows) {
      // By business date: the exact sum of the per-day deltas up to that day (a scan of the daily rows).
      if (businessDate === undefined || (row.key['business_date'] ?? '') <= businessDate)
        add(row.values, row.key['fund_id']!);
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.key;
  }
  return summarise(perFund);
}

function summarise(perFund: ReadonlyMap<string, { debit: bigint; credit: bigint }>): TrialBalance {
  const out = (debit: bigint, credit: bigint): Omit<FundTotals, 'fundId'> => ({
    debitsYuan: fenToYuan(debit),
    creditsYuan: fenToYuan(credit),
    balanceYuan: fenToYuan(debit - credit),
  });
  const funds = [...perFund.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let debit = 0n;
  let credit = 0n;
  for (const [, totals] of funds) {
    debit += totals.debit;
    credit += totals.credit;
  }
  return {
    byFund: funds.map(([fundId, t]) => ({ fundId, ...out(t.debit, t.credit) })),
    total: out(debit, credit),
    ok: funds.every(([, t]) => t.debit === t.credit) && debit === credit,
  };
}

/** One account's totals (current, or as of a position / recorded time), in yuan strings. */
export async function accountBalance(
  reader: ProjectionReader,
  fundId: string,
  account: string,
  asOf?: Exclude<AsOf, { effectiveDate: string }>,
): Promise<{ debitYuan: string; creditYuan: string; balanceYuan: string } | undefined> {
  const key = { fund_id: fundId, account };
  const row = asOf ? await reader.asOf('balances', key, asOf) : await reader.current('balances', key);
  if (!row) return undefined;
  const debit = fenOf(row.values, 'debit_fen');
  const credit = fenOf(row.values, 'credit_fen');
  return { debitYuan: fenToYuan(debit), creditYuan: fenToYuan(credit), balanceYuan: fenToYuan(debit - credit) };
}
