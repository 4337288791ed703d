import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { onStream } from '../../application/stream-target';
import { RegistryLookups } from '../../registry/registry-lookups';
import { rateTableStream } from '../rate-table.events';
import { rateTableEvolver } from '../rate-table.state';
import { plain } from '../plain';
import { decideSetRateTable, type SetRateTable } from './set-rate-table.decider';
import { SetRateTableCommand } from './set-rate-table.command';

@CommandHandler(SetRateTableCommand)
export class SetRateTableHandler implements ICommandHandler<SetRateTableCommand, CommandResult> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly lookups: RegistryLookups,
  ) {}

  async execute({ envelope, request }: SetRateTableCommand): Promise<CommandResult> {
    const { fundId, year } = request;
    await this.lookups.fund(fundId);
    const command: SetRateTable = {
      type: 'SetRateTable',
      fundId,
      year,
      effectiveFrom: request.effectiveFrom,
      drg: plain(request.drg),
      singleDisease: plain(request.singleDisease),
      perDiem: plain(request.perDiem),
      perCaseCap: plain(request.perCaseCap),
      ...(request.note === undefined ? {} : { note: request.note }),
    };
    return this.pipeline.handle(
      envelope,
      onStream(rateTableStream(fundId, year), rateTableEvolver, command.type),
      (state, input) => decideSetRateTable(command, state, input),
    );
  }
}
