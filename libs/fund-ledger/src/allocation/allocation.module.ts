import { Module } from '@nestjs/common';
import { RegistryLookupsModule } from '../registry/registry-lookups.module';
import { AllocationQueriesController } from './allocation.queries.controller';
import { AllocationReads } from './allocation-reads';
import { AllocationRunInputs } from './allocation-run-inputs';
import { ApplyAllocationLineHandler } from './apply-allocation-run/apply-allocation-line.handler';
import { ApplyAllocationRunHandler } from './apply-allocation-run/apply-allocation-run.handler';
import { ApproveFundBudgetController } from './approve-fund-budget/approve-fund-budget.controller';
import { ApproveFundBudgetHandler } from './approve-fund-budget/approve-fund-budget.handler';
import { CommitAllocationRunController } from './commit-allocation-run/commit-allocation-run.controller';
import { CommitAllocationRunHandler } from './commit-allocation-run/commit-allocation-run.handler';
import { FundYearRunsHandler } from './fund-year-runs/fund-year-runs.handler';
import { GetAllocationRunHandler } from './get-allocation-run/get-allocation-run.handler';
import { ImportAllocationInputsController } from './import-allocation-inputs/import-allocation-inputs.controller';
import { ImportAllocationInputsHandler } from './import-allocation-inputs/import-allocation-inputs.handler';
import { PreviewAllocationRunController } from './preview-allocation-run/preview-allocation-run.controller';
import { PreviewAllocationRunHandler } from './preview-allocation-run/preview-allocation-run.handler';

/**
 * Annual budget and quota allocation (§3.2): the fund-year budget, history imports, run preview and commit,
 * and the application of the run in force to the hospital budget streams. Asks "is this fund-year closed?"
 * through FundYearClosedQuery (answered by the fund close, which imports this module: no cycle). Exports
 * AllocationReads (the fund close reads the run in force).
 */
@Module({
  imports: [RegistryLookupsModule],
  controllers: [
    ApproveFundBudgetController,
    ImportAllocationInputsController,
    PreviewAllocationRunController,
    CommitAllocationRunController,
    AllocationQueriesController,
  ],
  providers: [
    AllocationReads,
    AllocationRunInputs,
    ApproveFundBudgetHandler,
    ImportAllocationInputsHandler,
    PreviewAllocationRunHandler,
    CommitAllocationRunHandler,
    ApplyAllocationRunHandler,
    ApplyAllocationLineHandler,
    FundYearRunsHandler,
    GetAllocationRunHandler,
  ],
  exports: [AllocationReads],
})
export class AllocationModule {}
