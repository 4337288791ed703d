import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { RegistryLookups } from '../../application/registry-lookups';
import { decisionFor } from '../../application/stream-decision';
import { payeeDecider } from '../registry.decider';
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
    return this.pipeline.execute(
      envelope,
      decisionFor(payeeStream(payeeId), payeeDecider, {
        type: 'SignAgreement',
        data: { payeeId, agreementId, fundId, validFrom, validTo },
      }),
    );
  }
}
