import { Module } from '@nestjs/common';
import { ApplicationModule } from '../application/application.module';
import { AllocationQueriesController } from './allocation.queries.controller';
import { AllocationRunService } from './allocation-run.service';
import { ApproveFundBudgetController } from './approve-fund-budget/approve-fund-budget.controller';
import { ApproveFundBudgetHandler } from './approve-fund-budget/approve-fund-budget.handler';
import { CommitAllocationRunController } from './commit-allocation-run/commit-allocation-run.controller';
import { CommitAllocationRunHandler } from './commit-allocation-run/commit-allocation-run.handler';
import { ImportAllocationInputsController } from './import-allocation-inputs/import-allocation-inputs.controller';
import { ImportAllocationInputsHandler } from './import-allocation-inputs/import-allocation-inputs.handler';
import { PreviewAllocationRunController } from './preview-allocation-run/preview-allocation-run.controller';

/**
 * Annual budget and quota allocation (§3.2): the fund-year budget, history imports, run preview and commit,
 * and the application of the run in force to the hospital budget streams. Exports AllocationRunService
 * (the fund close reads the run in force).
 */
@Module({
  imports: [ApplicationModule],
  controllers: [
    ApproveFundBudgetController,
    ImportAllocationInputsController,
    PreviewAllocationRunController,
    CommitAllocationRunController,
    AllocationQueriesController,
  ],
  providers: [
    AllocationRunService,
    ApproveFundBudgetHandler,
    ImportAllocationInputsHandler,
    CommitAllocationRunHandler,
  ],
  exports: [AllocationRunService],
})
export class AllocationModule {}
