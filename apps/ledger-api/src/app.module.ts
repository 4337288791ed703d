import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import {
  AuditModule,
  AuthModule,
  ClockModule,
  CommandsModule,
  EventStoreModule,
  HealthModule,
  LedgerConfigModule,
  MetricsModule,
  type Clock,
  type LedgerConfig,
} from '@ledger/platform';
import type { EventStore } from '@ledger/event-store';
import { LedgerModule } from '@ledger/fund-ledger/ledger.module';
import { ReadModelsModule } from '@ledger/fund-ledger/read-models/read-models.module';
import { ProjectionsReadiness } from '@ledger/fund-ledger/read-models/projections.readiness';

export interface AppModuleOptions {
  config: LedgerConfig;
  /** Tests pass an already-open store; production opens the one LEDGER_STORE names. */
  store?: EventStore;
  /** Tests inject a fixed clock. */
  clock?: Clock;
  /** Extra modules (tests, tools). */
  extraImports?: ModuleMetadata['imports'];
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LedgerConfigModule.forRoot(options.config),
        ClockModule.forRoot(options.clock),
        MetricsModule,
        options.store ? EventStoreModule.forInstance(options.store) : EventStoreModule.forRoot(),
        CqrsModule.forRoot(),
        AuthModule,
        CommandsModule,
        ReadModelsModule,
        HealthModule.forRoot([ProjectionsReadiness]),
        AuditModule,
        LedgerModule,
        ...(options.extraImports ?? []),
      ],
    };
  }
}
