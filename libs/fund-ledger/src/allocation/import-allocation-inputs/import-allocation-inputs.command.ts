import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope } from '@ledger/platform';
import type { HospitalRecordRequest } from '../allocation.inputs';

/** One chunk of an import as sent. */
export interface ImportInputsBody {
  readonly fundId: string;
  readonly year: number;
  readonly importId: string;
  readonly chunk: number;
  readonly chunks: number;
  readonly records: readonly HospitalRecordRequest[];
}

/** The chunk's CommandResult fields plus how far the import has got. */
export interface ImportAnswer {
  readonly commandId: string;
  readonly stream: string;
  readonly position: string | null;
  readonly replayed: boolean;
  readonly importId: string;
  readonly chunk: number;
  readonly chunks: number;
  readonly records: number;
  readonly chunksReceived: number;
  readonly hospitalsReceived: number;
  readonly complete: boolean;
}

export class ImportAllocationInputsCommand extends Command<ImportAnswer> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: ImportInputsBody,
  ) {
    super();
  }
}
