import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { onStream } from '../../application/stream-target';
import { reversalStream } from '../reversal.events';
import { reversalRequestEvolver } from '../reversal-targets';
import { decideRejectReversal } from './reject-reversal.decider';
import { RejectReversalCommand } from './reject-reversal.command';

@CommandHandler(RejectReversalCommand)
export class RejectReversalHandler implements ICommandHandler<RejectReversalCommand, CommandResult> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ envelope, request }: RejectReversalCommand): Promise<CommandResult> {
    const rejectedBy = { actor: envelope.principal.actor, role: envelope.principal.role };
    const stream = reversalStream(request.eventId);
    return this.pipeline.handle(envelope, onStream(stream, reversalRequestEvolver, 'RejectReversal'), (state, input) =>
      decideRejectReversal({ type: 'RejectReversal', eventId: request.eventId, reason: request.reason, rejectedBy }, state, input),
    );
  }
}
