import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AllocationCommitResult, AllocationRunService } from '../allocation-run.service';
import { runBody } from '../allocation-run.body';
import { CommitAllocationRunCommand } from './commit-allocation-run.command';

@CommandHandler(CommitAllocationRunCommand)
export class CommitAllocationRunHandler implements ICommandHandler<CommitAllocationRunCommand, AllocationCommitResult> {
  constructor(private readonly allocations: AllocationRunService) {}

  execute({ envelope, request }: CommitAllocationRunCommand): Promise<AllocationCommitResult> {
    return this.allocations.commit(envelope, runBody(request));
  }
}
