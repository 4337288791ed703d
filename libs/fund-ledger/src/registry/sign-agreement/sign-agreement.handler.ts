import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { RegistryLookups } from '../registry-lookups';
import { onStream } from '../../application/stream-target';
import { payeeEvolver } from '../registry.streams';
import { decideSignAgreement } from './sign-agreement.decider';
import { payeeStream } from '../registry.events';
import { SignAgreementCommand } from './sign-agreement.command';

@CommandHandler(SignAgreementCommand)
export class SignAgreementHandler implements ICommandHandler<SignAgreementCommand, CommandResult> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly lookups: RegistryLookups,
  ) {}

  async execute({ envelope, request }: SignAgreementCommand): Promise<CommandResult> {
    const { payeeId, agreementId, fundId, validFrom, validTo } = request;
    // The fund lives in another stream: an agreement with an unregistered fund is a 404, not an event.
    await this.lookups.fund(fundId);
    return this.pipeline.handle(
      envelope,
      onStream(payeeStream(payeeId), payeeEvolver, 'SignAgreement'),
      (state, input) =>
        decideSignAgreement(
          {
            type: 'SignAgreement',
            data: { payeeId, agreementId, fundId, validFrom, validTo },
          },
          state,
          input,
        ),
    );
  }
}
