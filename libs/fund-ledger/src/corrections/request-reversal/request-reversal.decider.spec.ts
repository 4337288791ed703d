import type { Decider } from '../../shared/decider';
import { given } from '../../test/decider-specification';
import { decideApproveReversal, type ApproveReversal } from '../approve-reversal/approve-reversal.decider';
import { decideRejectReversal, type RejectReversal } from '../reject-reversal/reject-reversal.decider';
import { ReversalErrorCodes } from '../reversal.errors';
import type { ReversalRequestEvent } from '../reversal.events';
import { evolveReversalRequest, initialReversalRequestState, type ReversalRequestState } from '../reversal-request.state';
import { decideRequestReversal, type RequestReversal } from './request-reversal.decider';

type Command = RequestReversal | ApproveReversal | RejectReversal;

/** The reversal-{eventId} stream: request, then approval by another person or rejection. */
const requests: Decider<Command, ReversalRequestEvent, ReversalRequestState> = {
  initialState: initialReversalRequestState,
  evolve: evolveReversalRequest,
  decide(command, state, context) {
    switch (command.type) {
      case 'RequestReversal':
        return decideRequestReversal(command, state, context);
      case 'ApproveReversal':
        return decideApproveReversal(command, state, context);
      case 'RejectReversal':
        return decideRejectReversal(command, state, context);
    }
  },
};

const REQUESTER = { actor: 'zhang.san', role: 'finance' };
const posting = { fundId: 'EMP', account: 'EMP:cash', side: 'credit' as const, amountYuan: '10.00' };
const request: RequestReversal = {
  type: 'RequestReversal',
  target: { eventId: 'e-1', stream: 'budget-EMP.H001.2024', revision: '2', type: 'MonthlySettlementPosted', data: { postings: [posting] }, effectiveDate: '2024-02-10' },
  reason: '录入错误',
  requestedBy: REQUESTER,
};
const approve = (actor: string, role = 'finance'): ApproveReversal => ({
  type: 'ApproveReversal',
  eventId: 'e-1',
  approvedBy: { actor, role },
  reversal: { stream: 'budget-EMP.H001.2024', eventId: 'r-1', revision: '5' },
});
const reject = (actor: string): RejectReversal => ({ type: 'RejectReversal', eventId: 'e-1', reason: '无需冲销', rejectedBy: { actor, role: 'finance' } });
const requested = given(requests).when(request).events();

describe('RequestReversal / ApproveReversal / RejectReversal (stream reversal-{eventId})', () => {
  it('records the requester, reason, target stream, revision, type and postings as read; nothing moves', () => {
    expect(requested).toEqual([
      {
        type: 'ReversalRequested',
        data: {
          eventId: 'e-1',
          target: { stream: 'budget-EMP.H001.2024', revision: '2', type: 'MonthlySettlementPosted', effectiveDate: '2024-02-10', postings: [posting] },
          reason: '录入错误',
          effectiveDate: '2025-06-30',
          requestedBy: REQUESTER,
        },
      },
    ]);
  });

  it('422 REVERSAL_PENDING while a request awaits approval', () => {
    given(requests, requested).when(request).thenRejects({ code: ReversalErrorCodes.REVERSAL_PENDING, kind: 'business_rule' });
  });

  it('422 FOUR_EYES_REQUIRED: the requester cannot approve, nor a role that does not approve money', () => {
    given(requests, requested).when(approve('zhang.san')).thenRejects({ code: ReversalErrorCodes.FOUR_EYES_REQUIRED, kind: 'business_rule' });
    given(requests, requested).when(approve('wang.wu', 'planner')).thenRejects({ code: ReversalErrorCodes.FOUR_EYES_REQUIRED });
  });

  it('a second person approves; then the event is reversed for good (ALREADY_REVERSED)', () => {
    const approved = given(requests, requested).when(approve('li.si')).events();
    expect(approved[0]!.data).toMatchObject({ requestRevision: '0', approvedBy: { actor: 'li.si' } });
    given(requests, [...requested, ...approved]).when(request).thenRejects({ code: ReversalErrorCodes.ALREADY_REVERSED });
    given(requests, [...requested, ...approved]).when(approve('wang.wu')).thenRejects({ code: ReversalErrorCodes.ALREADY_REVERSED });
  });

  it('a rejection by the requester is a withdrawal; a new request may follow; 404 REVERSAL_NOT_REQUESTED after it', () => {
    const rejected = given(requests, requested).when(reject('zhang.san')).events();
    expect(rejected[0]!.data).toMatchObject({ withdrawn: true, requestRevision: '0' });
    given(requests, [...requested, ...rejected]).when(approve('li.si')).thenRejects({ code: ReversalErrorCodes.REVERSAL_NOT_REQUESTED, kind: 'not_found' });
    const again = given(requests, [...requested, ...rejected]).when(request).events();
    expect(again[0]!.type).toBe('ReversalRequested');
    given(requests).when(approve('li.si')).thenRejects({ code: ReversalErrorCodes.REVERSAL_NOT_REQUESTED });
  });
});
