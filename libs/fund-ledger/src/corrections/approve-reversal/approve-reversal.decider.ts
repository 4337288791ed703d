import type { DecisionContext } from '../../shared/decider';
import { ReversalErrorCodes, refuseReversal, reversalNotFound } from '../reversal.errors';
import type { Party, ReversalApproved } from '../reversal.events';
import type { PendingReversal, ReversalRequestState } from '../reversal-request.state';

/** The roles that may approve a reversal (four-eyes: never the requester). */
export const APPROVER_ROLES: readonly string[] = ['finance', 'admin'];

export interface ApproveReversal {
  readonly type: 'ApproveReversal';
  readonly eventId: string;
  readonly approvedBy: Party;
  /** The EventReversed the approval appended to the target's stream (null ids: appended earlier, see the event). */
  readonly reversal: ReversalApproved['data']['reversal'];
}

/**
 * The pending request, refusing an approval by the requester (422 FOUR_EYES_REQUIRED) or by a role that
 * does not approve money. Checked before the target is touched, and again when the approval is recorded.
 */
export function pendingApprovable(state: ReversalRequestState, eventId: string, approver: Party): PendingReversal {
  const pending = pendingRequest(state, eventId);
  if (approver.actor === pending.requestedBy.actor || !APPROVER_ROLES.includes(approver.role)) {
    throw refuseReversal(
      ReversalErrorCodes.FOUR_EYES_REQUIRED,
      `the reversal requested by ${pending.requestedBy.actor} takes effect only when a different finance or admin user approves it`,
      'eventId',
    );
  }
  return pending;
}

/** The pending request of the stream: 404 when none is open, 422 when it was approved already. */
export function pendingRequest(state: ReversalRequestState, eventId: string): PendingReversal {
  if (state.status === 'approved') {
    throw refuseReversal(ReversalErrorCodes.ALREADY_REVERSED, `event ${eventId} is already reversed`, 'eventId');
  }
  if (state.status !== 'pending' || state.pending === null) {
    throw reversalNotFound(
      ReversalErrorCodes.REVERSAL_NOT_REQUESTED,
      `no reversal of event ${eventId} awaits a decision; request one first`,
      'eventId',
    );
  }
  return state.pending;
}

export function decideApproveReversal(
  command: ApproveReversal,
  state: ReversalRequestState,
  _context: DecisionContext,
): ReversalApproved[] {
  const pending = pendingApprovable(state, command.eventId, command.approvedBy);
  return [
    {
      type: 'ReversalApproved',
      data: {
        eventId: command.eventId,
        requestRevision: pending.requestRevision,
        approvedBy: command.approvedBy,
        reversal: command.reversal,
      },
    },
  ];
}
