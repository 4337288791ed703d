import type { Posting } from './journal';

/** Who asked for a reversal (红字冲销) and who approved it (four-eyes), as every EventReversed records them. */
export interface ReversalParty {
  readonly actor: string;
  readonly role: string;
}

/**
 * The facts every EventReversed carries, whatever the stream (budget, contributions, fund book): the event
 * it names, the request (stream reversal-{eventId}) that decided it, and the exact negation of its postings.
 * One home here, so the three areas' reversal events cannot drift apart.
 */
export interface ReversalFacts {
  readonly reversedEventId: string;
  readonly reversedRevision: string;
  /** The business date of the event reversed (its metadata effectiveDate). */
  readonly reversedEffectiveDate: string;
  readonly requestStream: string;
  readonly requestRevision: string;
  readonly reason: string;
  readonly requestedBy: ReversalParty;
  readonly approvedBy: ReversalParty;
  /** The reversed event's postings line by line, each debit a credit of the same amount and vice versa. */
  readonly postings: readonly Posting[];
}
