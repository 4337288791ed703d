import type { JsonValue, RecordedEvent } from '@ledger/event-store';
import type { Projection } from '@ledger/projections';
import { Decimal } from '@ledger/money';
import type { Posting } from '../shared/journal';
import { effectiveDateOf } from './read-model-support';
import { emptyMutableJournal, postToJournalInPlace, type AccountTotals, type MutableJournal } from '../journal/journal.fold';

/** Every money event carries `postings`; everything else leaves the journal as it is. */
export function postingsOf(event: RecordedEvent): readonly Posting[] | undefined {
  const postings = event.data['postings'];
  return Array.isArray(postings) && postings.length > 0 ? (postings as unknown as Posting[]) : undefined;
}

interface JournalJson {
  lastPosition: string | null;
  entryCount: number;
  accounts: Array<{ fundId: string; account: string; debit: string; credit: string }>;
}

/** The double-entry journal: balances per account, the source of the trial balance. */
export const journalProjection: Projection<MutableJournal> = {
  name: 'journal',
  version: 1,
  initialState: emptyMutableJournal,
  apply(journal, event) {
    const postings = postingsOf(event);
    if (!postings) return journal;
    return postToJournalInPlace(journal, {
      eventType: event.type,
      position: event.position,
      effectiveDate: effectiveDateOf(event),
      postings,
    });
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
  fromJson(json): MutableJournal {
    const parsed = json as unknown as JournalJson;
    const accounts = new Map<string, AccountTotals>();
    for (const a of parsed.accounts) {
      accounts.set(a.account, { fundId: a.fundId, account: a.account, debit: new Decimal(a.debit), credit: new Decimal(a.credit) });
    }
    return { accounts, lastPosition: parsed.lastPosition === null ? null : BigInt(parsed.lastPosition), entryCount: parsed.entryCount };
  },
};
