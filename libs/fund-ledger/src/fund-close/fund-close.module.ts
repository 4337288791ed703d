import { Module } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApplicationModule } from '../application/application.module';
import { AllocationModule } from '../allocation/allocation.module';
import { HospitalBudgetModule } from '../hospital-budget/hospital-budget.module';
import type { SettleYearEndCommand } from '../hospital-budget/settle-year-end/settle-year-end.command';
import { CloseFundYearController } from './close-fund-year/close-fund-year.controller';
import { CloseFundYearHandler } from './close-fund-year/close-fund-year.handler';
import { FundCloseQueriesController } from './fund-close.queries.controller';
import { FundCloseService, SETTLE_YEAR_END, type SettleYearEndPort } from './fund-close.service';

/**
 * The year-end close of a whole fund-year. Each hospital-year is settled by the hospital-budget area's own
 * SettleYearEndHandler, dispatched on the CommandBus (HospitalBudgetModule is imported so its handler is
 * registered); the run in force comes from AllocationModule.
 */
@Module({
  imports: [ApplicationModule, AllocationModule, HospitalBudgetModule],
  controllers: [CloseFundYearController, FundCloseQueriesController],
  providers: [
    FundCloseService,
    CloseFundYearHandler,
    {
      provide: SETTLE_YEAR_END,
      inject: [CommandBus],
      useFactory:
        (bus: CommandBus): SettleYearEndPort =>
        (command: SettleYearEndCommand) =>
          bus.execute(command),
    },
  ],
})
export class FundCloseModule {}
