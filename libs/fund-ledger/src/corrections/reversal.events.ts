import type { DomainEvent } from '../shared/decider';
import type { Posting } from '../shared/journal';

/**
 * A reversal request (红字冲销申请) lives in its own stream, one per event named: `reversal-{eventId}`.
 * Requested by one person, approved (or rejected) by another; nothing moves until the approval, which
 * appends EventReversed to the named event's own stream and then records itself here. A rejected request
 * may be followed by a new one on the same stream (each at its exact revision).
 */
export const reversalStream = (eventId: string): string => `reversal-${eventId}`;

export interface Party {
  readonly actor: string;
  readonly role: string;
}

/** The event named, as read from its stream when the request was made. */
export interface RequestedTarget {
  readonly stream: string;
  readonly revision: string;
  readonly type: string;
  readonly effectiveDate: string;
  readonly postings: readonly Posting[];
}

export type ReversalRequested = DomainEvent<
  'ReversalRequested',
  {
    readonly eventId: string;
    readonly target: RequestedTarget;
    readonly reason: string;
    /** The business date the reversal will carry. */
    readonly effectiveDate: string;
    readonly requestedBy: Party;
  }
>;

export type ReversalApproved = DomainEvent<
  'ReversalApproved',
  {
    readonly eventId: string;
    /** The revision of the ReversalRequested approved (in this stream). */
    readonly requestRevision: string;
    readonly approvedBy: Party;
    /**
     * The EventReversed appended to the target's stream. eventId/revision are null only when an earlier,
     * interrupted approval under another command id appended it (it names this request).
     */
    readonly reversal: { readonly stream: string; readonly eventId: string | null; readonly revision: string | null };
  }
>;

export type ReversalRejected = DomainEvent<
  'ReversalRejected',
  {
    readonly eventId: string;
    readonly requestRevision: string;
    readonly reason: string;
    readonly rejectedBy: Party;
    /** True when the requester withdrew the request. */
    readonly withdrawn: boolean;
  }
>;

export type ReversalRequestEvent = ReversalRequested | ReversalApproved | ReversalRejected;
