import type { DecisionContext } from '../../shared/decider';
import { pendingRequest } from '../approve-reversal/approve-reversal.decider';
import type { Party, ReversalRejected } from '../reversal.events';
import type { ReversalRequestState } from '../reversal-request.state';
import { reasonInput } from '../request-reversal/request-reversal.decider';

/**
 * Reject a pending reversal: by any finance or admin user, the requester included (then it is a
 * withdrawal). Nothing had moved, so nothing moves; a new request may follow.
 */
export interface RejectReversal {
  readonly type: 'RejectReversal';
  readonly eventId: string;
  readonly reason: string;
  readonly rejectedBy: Party;
}

export function decideRejectReversal(
  command: RejectReversal,
  state: ReversalRequestState,
  _context: DecisionContext,
): ReversalRejected[] {
  const pending = pendingRequest(state, command.eventId);
  return [
    {
      type: 'ReversalRejected',
      data: {
        eventId: command.eventId,
        requestRevision: pending.requestRevision,
        reason: reasonInput(command.reason),
        rejectedBy: command.rejectedBy,
        withdrawn: command.rejectedBy.actor === pending.requestedBy.actor,
      },
    },
  ];
}
