import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AllocationRunService, type ImportAnswer } from '../allocation-run.service';
import { recordsOf } from '../allocation-run.body';
import { ImportAllocationInputsCommand } from './import-allocation-inputs.command';

@CommandHandler(ImportAllocationInputsCommand)
export class ImportAllocationInputsHandler implements ICommandHandler<ImportAllocationInputsCommand, ImportAnswer> {
  constructor(private readonly allocations: AllocationRunService) {}

  execute({ envelope, request }: ImportAllocationInputsCommand): Promise<ImportAnswer> {
    const { fundId, year, importId, chunk, chunks, records } = request;
    return this.allocations.importInputs(envelope, {
      fundId,
      year,
      importId,
      chunk,
      chunks,
      records: recordsOf(records),
    });
  }
}
