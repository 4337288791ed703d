import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { type ImportAnswer, ImportAllocationInputsCommand } from './import-allocation-inputs.command';
import { ImportAllocationInputsRequest } from './import-allocation-inputs.request.dto';

@CommandController('allocation', 'allocation-runs/history-imports')
export class ImportAllocationInputsController {
  constructor(private readonly commands: CommandBus) {}

  /** Stores one chunk of allocation inputs on allocation-history-{fundId}-{year}; the answer says whether the import is complete. */
  @CommandEndpoint({
    roles: WRITE_ROLES.planning,
    summary: 'Import a chunk of allocation inputs (≤ 1,000 hospitals) -> AllocationInputsImported',
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND (records[i].payeeId)',
    refused: 'INVALID_TRANSITION (another chunk count for the import)',
  })
  import(@Body() request: ImportAllocationInputsRequest, @Envelope() envelope: CommandEnvelope): Promise<ImportAnswer> {
    return this.commands.execute(new ImportAllocationInputsCommand(envelope, request));
  }
}
