import { invariant } from '../shared/decider';
import { invalidField } from '../shared/domain-error';
import { amountOf, assertBalanced, type Posting } from '../shared/journal';
import { ReversalErrorCodes, refuseReversal } from './reversal.errors';
import type { Party } from './reversal.events';

/** The areas whose money events can be reversed, by their stream's prefix. */
export type ReversalArea = 'hospital_budget' | 'contributions' | 'fund_book';

const AREA_PREFIXES: ReadonlyArray<readonly [string, ReversalArea]> = [
  ['budget-', 'hospital_budget'],
  ['contributions-', 'contributions'],
  ['fundbook-', 'fund_book'],
];

export function areaOfStream(stream: string): ReversalArea | null {
  return AREA_PREFIXES.find(([prefix]) => stream.startsWith(prefix))?.[1] ?? null;
}

/**
 * The event named, as the handler read it from its stream at the revision the request gives (the store
 * has no lookup by event id, so the request names stream and revision and the id is checked there).
 */
export interface ReversalTarget {
  readonly eventId: string;
  readonly stream: string;
  readonly revision: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** The business date the pipeline stamped on it (metadata). */
  readonly effectiveDate: string;
}

/** The request a reversal carries out; before the request exists (its checks) revision and approver are null. */
export interface ReversalRequestRef {
  readonly requestStream: string;
  readonly requestRevision: string | null;
  readonly reason: string;
  readonly requestedBy: Party;
  readonly approvedBy: Party | null;
}

/** Reverse one event in its own stream (decided by the target area's reversal decider). */
export interface ReverseEvent {
  readonly type: 'ReverseEvent';
  readonly target: ReversalTarget;
  readonly request: ReversalRequestRef;
}

/** Quota adjustments carry no postings but change the budget: they are reversible like money events. */
const MONEY_WITHOUT_POSTINGS: readonly string[] = ['QuotaAdjusted'];

/** The refusals any area shares: a reversal is never reversed; only money events of the money areas. */
export function assertReversibleKind(target: ReversalTarget): ReversalArea {
  if (target.type === 'EventReversed') {
    throw refuseReversal(
      ReversalErrorCodes.REVERSAL_OF_REVERSAL,
      `event ${target.eventId} is itself a reversal; post the corrected event instead of reversing it`,
      'eventId',
    );
  }
  const area = areaOfStream(target.stream);
  const carriesPostings = Array.isArray(target.data['postings']);
  if (area === null || (!carriesPostings && !MONEY_WITHOUT_POSTINGS.includes(target.type))) {
    throw refuseReversal(
      ReversalErrorCodes.NOT_A_MONEY_EVENT,
      `event ${target.eventId} (${target.type} in ${target.stream}) moves no money; only money events of hospital budgets, contributions and fund books are reversed`,
      'eventId',
    );
  }
  return area;
}

/** The postings of the target as recorded ([] for a quota adjustment). */
export function postingsOf(target: ReversalTarget): readonly Posting[] {
  const postings = target.data['postings'];
  return Array.isArray(postings) ? (postings as Posting[]) : [];
}

/** Each debit becomes a credit of the same amount and vice versa; the result balances per fund as the original did. */
export function negatePostings(postings: readonly Posting[]): Posting[] {
  const negated = postings.map(
    (p): Posting => ({
      fundId: p.fundId,
      account: p.account,
      side: p.side === 'debit' ? 'credit' : 'debit',
      amountYuan: p.amountYuan,
    }),
  );
  for (const p of negated) amountOf(p); // a malformed amount fails here, not in the journal
  assertBalanced(negated);
  return negated;
}

/**
 * 'again': this very request already reversed the event (an interrupted approval completing), so nothing
 * is appended; 'new': not reversed yet. Reversed by anything else: 422 ALREADY_REVERSED.
 */
export function reversalStatus(
  reversedEvents: ReadonlyMap<string, string>,
  command: ReverseEvent,
): 'new' | 'again' {
  const by = reversedEvents.get(command.target.eventId);
  if (by === undefined) return 'new';
  const { requestStream, requestRevision } = command.request;
  if (requestRevision !== null && by === `${requestStream}@${requestRevision}`) return 'again';
  throw refuseReversal(
    ReversalErrorCodes.ALREADY_REVERSED,
    `event ${command.target.eventId} is already reversed (${by}); post the corrected event instead`,
    'eventId',
  );
}

/** A reversal is dated on or after the event it reverses. */
export function assertNotBeforeTarget(target: ReversalTarget, effectiveDate: string): void {
  if (effectiveDate < target.effectiveDate) {
    throw invalidField(
      'effectiveDate',
      `a reversal is dated on or after the event it reverses (${target.effectiveDate}), not ${effectiveDate}`,
    );
  }
}

/** What every EventReversed records of the request and the target (the postings negated). */
export function reversalFacts(command: ReverseEvent, postings: readonly Posting[]) {
  const { target, request } = command;
  invariant(request.requestRevision !== null && request.approvedBy !== null, 'a reversal needs an approved request');
  return {
    reversedEventId: target.eventId,
    reversedRevision: target.revision,
    reversedEffectiveDate: target.effectiveDate,
    requestStream: request.requestStream,
    requestRevision: request.requestRevision,
    reason: request.reason,
    requestedBy: request.requestedBy,
    approvedBy: request.approvedBy,
    postings: [...postings],
  };
}
