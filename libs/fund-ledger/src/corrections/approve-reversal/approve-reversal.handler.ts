import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { onStream } from '../../application/stream-target';
import { reversalStream } from '../reversal.events';
import { ReversalTargets, reversalRequestEvolver } from '../reversal-targets';
import type { ReverseEvent } from '../reversal.rules';
import { decideApproveReversal, pendingApprovable } from './approve-reversal.decider';
import { ApproveReversalCommand } from './approve-reversal.command';

/**
 * The approval as a small process; every step is idempotent, so a retry completes an interrupted one:
 *   1. the pending request (404 REVERSAL_NOT_REQUESTED) and four-eyes (422 FOUR_EYES_REQUIRED), checked
 *      before anything moves;
 *   2. EventReversed in the target's own stream at its exact current revision, under a command id derived
 *      from this one, dated as requested (a retry replays it; an approval under another id that finds the
 *      event reversed by this very request appends nothing);
 *   3. ReversalApproved on the request stream under this command's id (its answer is the command's).
 */
@CommandHandler(ApproveReversalCommand)
export class ApproveReversalHandler implements ICommandHandler<ApproveReversalCommand, CommandResult> {
  constructor(
    private readonly targets: ReversalTargets,
    private readonly pipeline: CommandPipeline,
  ) {}

  async execute({ envelope, request }: ApproveReversalCommand): Promise<CommandResult> {
    const earlier = await this.pipeline.earlierResult(envelope);
    if (earlier) return earlier;
    const requestStream = reversalStream(request.eventId);
    const approvedBy = { actor: envelope.principal.actor, role: envelope.principal.role };
    const pending = pendingApprovable(await this.targets.request(requestStream), request.eventId, approvedBy);
    const target = await this.targets.read(pending.target.stream, pending.target.revision, request.eventId);
    const command: ReverseEvent = {
      type: 'ReverseEvent',
      target,
      request: {
        requestStream,
        requestRevision: pending.requestRevision,
        reason: pending.reason,
        requestedBy: pending.requestedBy,
        approvedBy,
      },
    };
    const body = { requestStream, requestRevision: pending.requestRevision, eventId: request.eventId };
    const step = this.targets.derived(envelope, 'reverse', body, pending.effectiveDate);
    const reversed = await this.targets.reverse(step, command);
    const event = reversed.events[0];
    const reversal = { stream: target.stream, eventId: event?.id ?? null, revision: event?.revision ?? null };
    return this.pipeline.handle(envelope, onStream(requestStream, reversalRequestEvolver, 'ApproveReversal'), (state, input) =>
      decideApproveReversal({ type: 'ApproveReversal', eventId: request.eventId, approvedBy, reversal }, state, input),
    );
  }
}
