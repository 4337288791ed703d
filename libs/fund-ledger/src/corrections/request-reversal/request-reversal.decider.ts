import type { DecisionContext } from '../../shared/decider';
import { invariant } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import { ReversalErrorCodes, refuseReversal } from '../reversal.errors';
import type { Party, ReversalRequested } from '../reversal.events';
import type { ReversalRequestState } from '../reversal-request.state';
import { postingsOf, type ReversalTarget } from '../reversal.rules';

export const MAX_REASON_LENGTH = 500;

/** Ask for the reversal of one event (stream reversal-{eventId}). The target's own rules were checked by the handler. */
export interface RequestReversal {
  readonly type: 'RequestReversal';
  readonly target: ReversalTarget;
  readonly reason: string;
  readonly requestedBy: Party;
}

export function decideRequestReversal(
  command: RequestReversal,
  state: ReversalRequestState,
  context: DecisionContext,
): ReversalRequested[] {
  const { target } = command;
  invariant(state.eventId === null || state.eventId === target.eventId, 'request decided on another event stream');
  assertNoOpenRequest(state, target.eventId);
  return [
    {
      type: 'ReversalRequested',
      data: {
        eventId: target.eventId,
        target: {
          stream: target.stream,
          revision: target.revision,
          type: target.type,
          effectiveDate: target.effectiveDate,
          postings: [...postingsOf(target)],
        },
        reason: reasonInput(command.reason),
        effectiveDate: context.effectiveDate,
        requestedBy: command.requestedBy,
      },
    },
  ];
}

/** One request at a time per event; after an approval, the event is reversed for good. */
export function assertNoOpenRequest(state: ReversalRequestState, eventId: string): void {
  if (state.status === 'pending') {
    throw refuseReversal(
      ReversalErrorCodes.REVERSAL_PENDING,
      `a reversal of event ${eventId} is already requested and awaits approval (by ${state.pending?.requestedBy.actor ?? '?'})`,
      'eventId',
    );
  }
  if (state.status === 'approved') {
    throw refuseReversal(ReversalErrorCodes.ALREADY_REVERSED, `event ${eventId} is already reversed`, 'eventId');
  }
}

export function reasonInput(value: unknown, field = 'reason'): string {
  if (typeof value !== 'string' || value.trim().length === 0) throw invalidField(field, 'must be a non-empty text');
  if (value.length > MAX_REASON_LENGTH) throw invalidField(field, `at most ${MAX_REASON_LENGTH} characters`);
  return value;
}
