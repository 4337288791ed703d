import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@ledger/event-store';
import {
  ClockModule,
  CommandsModule,
  EventStoreModule,
  LedgerConfigModule,
  MetricsModule,
  type Clock,
  type LedgerConfig,
} from '@ledger/platform';
import { LedgerModule } from '@ledger/fund-ledger/ledger.module';

export interface CliModuleOptions {
  readonly config: LedgerConfig;
  /** Tests pass an already-open store; the CLI opens the one LEDGER_STORE names. */
  readonly store?: EventStore;
  readonly clock?: Clock;
}

/**
 * The CLI's application context: the API's config, clock, store, command and ledger modules (the same
 * handlers behind the same CommandBus and QueryBus) minus HTTP: no auth, no health, no audit routes, no
 * projections (a batch command needs none, and starting them would replay the log).
 */
@Module({})
export class CliModule {
  static register(options: CliModuleOptions): DynamicModule {
    return {
      module: CliModule,
      imports: [
        LedgerConfigModule.forRoot(options.config),
        ClockModule.forRoot(options.clock),
        MetricsModule,
        options.store ? EventStoreModule.forInstance(options.store) : EventStoreModule.forRoot(),
        CqrsModule.forRoot(),
        CommandsModule,
        LedgerModule,
      ],
    };
  }
}
