import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { businessDate, LEDGER_CONFIG, type CommandResult, type LedgerConfig } from '@ledger/platform';
import { HospitalBudgetStreams } from '../hospital-budget.streams';
import { FileObjectionCommand } from './file-objection.command';
import { decideFileObjection } from './file-objection.decider';

@CommandHandler(FileObjectionCommand)
export class FileObjectionHandler implements ICommandHandler<FileObjectionCommand, CommandResult> {
  constructor(
    private readonly streams: HospitalBudgetStreams,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  /** A recorded command id answers its first result: a retry after the window closed is not refused. */
  execute(command: FileObjectionCommand): Promise<CommandResult> {
    return this.streams.firstResultOr(command.envelope, () => this.run(command));
  }

  private async run({ envelope, request }: FileObjectionCommand): Promise<CommandResult> {
    const { fundId, payeeId, year, month, lines, reason } = request;
    // The fund and payee must exist (404); the policy gives the window.
    const { policy } = await this.streams.paymentFacts({ fundId, payeeId, year });
    return this.streams.handle(
      envelope,
      {
        type: 'FileObjection',
        fundId,
        payeeId,
        year,
        month,
        lines: [...lines],
        reason,
        policy,
        filerRole: envelope.principal.role,
        recordedOn: businessDate(new Date(envelope.recordedAt), this.config.timeZone),
      },
      decideFileObjection,
    );
  }
}
