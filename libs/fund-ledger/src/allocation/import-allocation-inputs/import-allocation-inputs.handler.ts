import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@ledger/platform';
import { RegistryLookups } from '../../registry/registry-lookups';
import { onStream } from '../../application/stream-target';
import { invariant } from '../../shared/decider';
import { decideImportAllocationInputs, type ImportAllocationInputs, isComplete } from '../allocation-history.decider';
import { allocationHistoryStream } from '../allocation-history.events';
import { AllocationReads } from '../allocation-reads';
import { AllocationRunInputs } from '../allocation-run-inputs';
import { allocationHistoryEvolver } from '../allocation.streams';
import { type ImportAnswer, ImportAllocationInputsCommand } from './import-allocation-inputs.command';

@CommandHandler(ImportAllocationInputsCommand)
export class ImportAllocationInputsHandler implements ICommandHandler<ImportAllocationInputsCommand, ImportAnswer> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly lookups: RegistryLookups,
    private readonly inputs: AllocationRunInputs,
    private readonly reads: AllocationReads,
  ) {}

  async execute({ envelope, request }: ImportAllocationInputsCommand): Promise<ImportAnswer> {
    const { fundId, year, importId, chunk, chunks } = request;
    await this.lookups.fund(fundId);
    if (Array.isArray(request.records)) await this.inputs.assertRegistered(request.records, 'records');
    // Plain data: the validated DTO's records are class instances with undefined keys.
    const records = JSON.parse(JSON.stringify(request.records ?? null)) as ImportAllocationInputs['records'];
    const command: ImportAllocationInputs = {
      type: 'ImportAllocationInputs',
      fundId,
      year,
      importId,
      chunk,
      chunks,
      records,
    };
    const stream = allocationHistoryStream(fundId, year);
    const result = await this.pipeline.handle(
      envelope,
      onStream(stream, allocationHistoryEvolver, 'ImportAllocationInputs'),
      (state, input) => decideImportAllocationInputs(command, state, input),
    );
    const progress = await this.reads.importProgress(fundId, year, importId);
    invariant(progress !== undefined, 'the chunk is in');
    return {
      commandId: result.commandId,
      stream,
      position: result.position,
      replayed: result.replayed,
      importId,
      chunk,
      chunks: progress.chunks,
      records: request.records.length,
      chunksReceived: progress.received.size,
      hospitalsReceived: progress.payees.size,
      complete: isComplete(progress),
    };
  }
}
