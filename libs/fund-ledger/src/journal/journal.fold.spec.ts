import { Decimal } from '@ledger/money';
import { InvariantViolation } from '../shared/decider';
import { accounts, credit, debit, Posting } from '../shared/journal';
import { caught } from '../test/decider-specification';
import {
  accountBalances,
  emptyJournal,
  emptyMutableJournal,
  foldJournal,
  Journal,
  JournalEntry,
  postToJournal,
  postToJournalInPlace,
  trialBalance,
} from './journal.fold';

const POOLED = 'EMP-POOL';
const PERSONAL = 'EMP-PERS';
const MATERNITY = 'MAT';
const d = (value: string) => new Decimal(value);

/** WE-7 as posted by PayrollContributionCollected. */
const we7Postings: Posting[] = [
  debit(POOLED, accounts.cash(POOLED), d('208.04')),
  credit(POOLED, accounts.income(POOLED, 'employer'), d('208.04')),
  debit(PERSONAL, accounts.cash(PERSONAL), d('163.46')),
  credit(PERSONAL, accounts.income(PERSONAL, 'individual'), d('74.30')),
  credit(PERSONAL, accounts.income(PERSONAL, 'employer'), d('89.16')),
  debit(MATERNITY, accounts.cash(MATERNITY), d('22.29')),
  credit(MATERNITY, accounts.income(MATERNITY, 'employer'), d('22.29')),
];

const entry = (
  position: bigint | string,
  postings: Posting[],
  eventType = 'PayrollContributionCollected',
): JournalEntry => ({
  eventType,
  position,
  effectiveDate: '2025-03-31',
  postings,
});

const settlement = (amount: string): Posting[] => [
  debit(POOLED, accounts.expense(POOLED, 'settlements'), d(amount)),
  credit(POOLED, accounts.cash(POOLED), d(amount)),
];

describe('journal fold', () => {
  it('an empty journal has an empty, balanced trial balance', () => {
    expect(trialBalance(emptyJournal())).toEqual({
      byFund: [],
      total: { debitsYuan: '0.00', creditsYuan: '0.00', balanceYuan: '0.00' },
      ok: true,
    });
  });

  it('folds WE-7 into per-fund totals (sorted by fund id) that balance, and a trial balance of zero', () => {
    const journal = postToJournal(emptyJournal(), entry(1n, we7Postings));
    expect(trialBalance(journal)).toEqual({
      byFund: [
        { fundId: PERSONAL, debitsYuan: '163.46', creditsYuan: '163.46', balanceYuan: '0.00' },
        { fundId: POOLED, debitsYuan: '208.04', creditsYuan: '208.04', balanceYuan: '0.00' },
        { fundId: MATERNITY, debitsYuan: '22.29', creditsYuan: '22.29', balanceYuan: '0.00' },
      ],
      total: { debitsYuan: '393.79', creditsYuan: '393.79', balanceYuan: '0.00' },
      ok: true,
    });
  });

  it('gives account balances (debits - credits) sorted by fund, then account', () => {
    const journal = foldJournal([entry(1n, we7Postings), entry(2n, settlement('100.00'), 'MonthlySettlementPosted')]);
    expect(accountBalances(journal, POOLED)).toEqual([
      { account: 'EMP-POOL:cash', fundId: POOLED, debitYuan: '208.04', creditYuan: '100.00', balanceYuan: '108.04' },
      {
        account: 'EMP-POOL:expense:settlements',
        fundId: POOLED,
        debitYuan: '100.00',
        creditYuan: '0.00',
        balanceYuan: '100.00',
      },
      {
        account: 'EMP-POOL:income:employer',
        fundId: POOLED,
        debitYuan: '0.00',
        creditYuan: '208.04',
        balanceYuan: '-208.04',
      },
    ]);
    expect(accountBalances(journal).map((b) => b.account)).toEqual([
      'EMP-PERS:cash',
      'EMP-PERS:income:employer',
      'EMP-PERS:income:individual',
      'EMP-POOL:cash',
      'EMP-POOL:expense:settlements',
      'EMP-POOL:income:employer',
      'MAT:cash',
      'MAT:income:employer',
    ]);
  });

  it('accumulates across entries to the fen', () => {
    const journal = foldJournal([1n, 2n, 3n].map((p) => entry(p, settlement('0.10'))));
    expect(accountBalances(journal, POOLED).find((b) => b.account === 'EMP-POOL:cash')?.balanceYuan).toBe('-0.30');
    expect(journal.entryCount).toBe(3);
  });

  it('is deterministic: the result does not depend on which accounts appeared first', () => {
    const a = foldJournal([entry(1n, we7Postings), entry(2n, settlement('5.00'))]);
    const b = foldJournal([entry(1n, [...we7Postings].reverse()), entry(2n, [...settlement('5.00')].reverse())]);
    expect(accountBalances(a)).toEqual(accountBalances(b));
    expect(trialBalance(a)).toEqual(trialBalance(b));
  });

  it('is pure: posting returns a new journal and leaves the old one as it was', () => {
    const first = postToJournal(emptyJournal(), entry(1n, we7Postings));
    const second = postToJournal(first, entry(2n, settlement('50.00')));
    expect(accountBalances(first, POOLED).find((b) => b.account === 'EMP-POOL:cash')?.balanceYuan).toBe('208.04');
    expect(accountBalances(second, POOLED).find((b) => b.account === 'EMP-POOL:cash')?.balanceYuan).toBe('158.04');
  });

  it('foldJournal gives the same journal as posting one entry at a time', () => {
    const entries = [entry(1n, we7Postings), entry('2', settlement('12.34')), entry(5n, settlement('0.01'))];
    const oneByOne = entries.reduce(postToJournal, emptyJournal());
    const folded = foldJournal(entries);
    expect(accountBalances(folded)).toEqual(accountBalances(oneByOne));
    expect([folded.lastPosition, folded.entryCount]).toEqual([oneByOne.lastPosition, oneByOne.entryCount]);
  });

  it('the in-place fold (the projection hot path) gives the same journal, and checks the same invariants', () => {
    const entries = [entry(1n, we7Postings), entry('2', settlement('12.34')), entry(5n, settlement('0.01')), entry(5n, settlement('9.99'))];
    const inPlace = entries.reduce(postToJournalInPlace, emptyMutableJournal());
    const oneByOne = entries.reduce(postToJournal, emptyJournal());
    expect(accountBalances(inPlace)).toEqual(accountBalances(oneByOne));
    expect([inPlace.lastPosition, inPlace.entryCount]).toEqual([5n, 3]); // the redelivered position 5 is ignored
    const unbalanced = [debit(POOLED, accounts.cash(POOLED), d('1.00')), credit(PERSONAL, accounts.income(PERSONAL, 'other'), d('1.00'))];
    expect(caught(() => postToJournalInPlace(emptyMutableJournal(), entry(9n, unbalanced)))).toBeInstanceOf(InvariantViolation);
  });

  it('ignores a redelivered entry (position at or below the last one folded)', () => {
    const once = postToJournal(emptyJournal(), entry(7n, we7Postings));
    expect(postToJournal(once, entry('7', we7Postings))).toBe(once);
    expect(postToJournal(once, entry(6n, we7Postings))).toBe(once);
    expect(foldJournal([entry(7n, we7Postings), entry(7n, we7Postings)]).entryCount).toBe(1);
  });

  it('accepts an entry without postings (advances the position only)', () => {
    const journal = postToJournal(emptyJournal(), entry(3n, [], 'AgreementSigned'));
    expect([journal.lastPosition, journal.accounts.size]).toEqual([3n, 0]);
  });

  describe('refuses what a decider could never have produced (InvariantViolation)', () => {
    const refuses = (postings: Posting[], message: RegExp, overrides: Partial<JournalEntry> = {}) => {
      const error = caught(() => postToJournal(emptyJournal(), { ...entry(1n, postings), ...overrides }));
      expect(error).toBeInstanceOf(InvariantViolation);
      expect((error as Error).message).toMatch(message);
    };

    it('unbalanced postings', () => {
      refuses(
        [debit(POOLED, accounts.cash(POOLED), d('10.00')), credit(POOLED, accounts.income(POOLED, 'other'), d('9.99'))],
        /do not balance in fund EMP-POOL/,
      );
    });

    it('postings that balance in total but move value between funds (R-ACC-1)', () => {
      refuses(
        [debit(PERSONAL, accounts.cash(PERSONAL), d('10.00')), credit(POOLED, accounts.cash(POOLED), d('10.00'))],
        /do not balance in fund/,
      );
    });

    it("an amount with more than two places, a negative amount, or a posting to another fund's account", () => {
      const bad = (amountYuan: string): Posting => ({
        fundId: POOLED,
        account: accounts.cash(POOLED),
        side: 'debit',
        amountYuan,
      });
      refuses([bad('1.234'), { ...bad('1.234'), side: 'credit' }], /EMP-POOL:cash/);
      refuses([bad('-1.00'), { ...bad('-1.00'), side: 'credit' }], /EMP-POOL:cash/);
      refuses(
        [
          { ...bad('1.00'), account: accounts.cash(PERSONAL) },
          { ...bad('1.00'), side: 'credit' },
        ],
        /not an account of fund/,
      );
    });

    it('a missing event type, a malformed date or position', () => {
      refuses(we7Postings, /event type/, { eventType: '' });
      refuses(we7Postings, /effectiveDate/, { effectiveDate: '2025-02-30' });
      refuses(we7Postings, /position/, { position: '-1' });
    });
  });

  it('trial balance reports ok: false for books that do not balance (e.g. a corrupted read model)', () => {
    const corrupt: Journal = {
      accounts: new Map([
        [accounts.cash(POOLED), { fundId: POOLED, account: accounts.cash(POOLED), debit: d('1.00'), credit: d('0') }],
      ]),
      lastPosition: 1n,
      entryCount: 1,
    };
    expect(trialBalance(corrupt)).toMatchObject({ ok: false, total: { balanceYuan: '1.00' } });
  });
});
