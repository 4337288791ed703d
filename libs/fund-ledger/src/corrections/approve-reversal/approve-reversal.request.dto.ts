import { ReversalEventRequest } from '../reversal.request-base.dto';

/** Approves the pending reversal of the event: the reversal takes the request's reason and effectiveDate. */
export class ApproveReversalRequest extends ReversalEventRequest {}
