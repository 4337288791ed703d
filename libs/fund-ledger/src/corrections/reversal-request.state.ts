import { assertNever, invariant } from '../shared/decider';
import type { Party, RequestedTarget, ReversalRequestEvent } from './reversal.events';

/** The open request of a reversal-{eventId} stream. */
export interface PendingReversal {
  readonly requestRevision: string;
  readonly target: RequestedTarget;
  readonly reason: string;
  readonly effectiveDate: string;
  readonly requestedBy: Party;
}

export interface ReversalRequestState {
  readonly eventId: string | null;
  /** Revision of the last event folded; -1 for an empty stream. */
  readonly lastRevision: number;
  readonly status: 'none' | 'pending' | 'approved' | 'rejected';
  readonly pending: PendingReversal | null;
}

export const initialReversalRequestState = (): ReversalRequestState => ({
  eventId: null,
  lastRevision: -1,
  status: 'none',
  pending: null,
});

export function evolveReversalRequest(state: ReversalRequestState, event: ReversalRequestEvent): ReversalRequestState {
  const revision = state.lastRevision + 1;
  invariant(state.eventId === null || state.eventId === event.data.eventId, `${event.type} for another event`);
  const base = { ...state, eventId: event.data.eventId, lastRevision: revision };
  switch (event.type) {
    case 'ReversalRequested': {
      invariant(state.status === 'none' || state.status === 'rejected', 'a reversal requested twice');
      const { target, reason, effectiveDate, requestedBy } = event.data;
      return {
        ...base,
        status: 'pending',
        pending: { requestRevision: String(revision), target, reason, effectiveDate, requestedBy },
      };
    }
    case 'ReversalApproved':
      invariant(state.pending?.requestRevision === event.data.requestRevision, 'approval of no pending request');
      return { ...base, status: 'approved' };
    case 'ReversalRejected':
      invariant(state.pending?.requestRevision === event.data.requestRevision, 'rejection of no pending request');
      return { ...base, status: 'rejected', pending: null };
    default:
      return assertNever(event, 'reversal request event');
  }
}
