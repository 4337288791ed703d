import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope } from '@ledger/platform';
import type { ImportAnswer } from '../allocation-run.service';
import type { ImportAllocationInputsRequest } from './import-allocation-inputs.request.dto';

export class ImportAllocationInputsCommand extends Command<ImportAnswer> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: ImportAllocationInputsRequest,
  ) {
    super();
  }
}
