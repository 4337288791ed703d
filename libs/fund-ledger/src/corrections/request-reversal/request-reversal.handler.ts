import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { onStream } from '../../application/stream-target';
import { reversalStream } from '../reversal.events';
import { ReversalTargets, reversalRequestEvolver } from '../reversal-targets';
import { decideRequestReversal } from './request-reversal.decider';
import { RequestReversalCommand } from './request-reversal.command';

/**
 * Records a reversal request in reversal-{eventId} (no-stream the first time). The target's own rules are
 * checked now (a closed period, a reversal of a reversal, an event already reversed), so a request that
 * could never be approved is refused at once; nothing moves until ApproveReversal.
 */
@CommandHandler(RequestReversalCommand)
export class RequestReversalHandler implements ICommandHandler<RequestReversalCommand, CommandResult> {
  constructor(
    private readonly targets: ReversalTargets,
    private readonly pipeline: CommandPipeline,
  ) {}

  /** A recorded command id answers its first result before any fact is read again (facts move on). */
  async execute({ envelope, request }: RequestReversalCommand): Promise<CommandResult> {
    const earlier = await this.pipeline.earlierResult(envelope);
    if (earlier) return earlier;
    const target = await this.targets.read(request.stream, request.revision, request.eventId);
    const requestedBy = { actor: envelope.principal.actor, role: envelope.principal.role };
    const requestStream = reversalStream(request.eventId);
    await this.targets.check(
      {
        type: 'ReverseEvent',
        target,
        request: { requestStream, requestRevision: null, reason: request.reason, requestedBy, approvedBy: null },
      },
      { now: envelope.recordedAt, effectiveDate: envelope.effectiveDate },
    );
    return this.pipeline.handle(envelope, onStream(requestStream, reversalRequestEvolver, 'RequestReversal'), (state, input) =>
      decideRequestReversal({ type: 'RequestReversal', target, reason: request.reason, requestedBy }, state, input),
    );
  }
}
