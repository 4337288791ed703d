import { ReasonedReversalRequest } from '../reversal.request-base.dto';

/** Rejects (or, by the requester, withdraws) the pending reversal of the event. */
export class RejectReversalRequest extends ReasonedReversalRequest {}
