import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import { LEDGER_CONFIG } from '../config/config.module';
import type { LedgerConfig } from '../config/ledger-config';
import { openEventStore } from './open-event-store';
import { InstrumentedEventStore } from '../metrics/instrumented-event-store';
import { LedgerMetrics } from '../metrics/ledger-metrics';

export const EVENT_STORE = Symbol('EVENT_STORE');

/** Closes the store after the HTTP server has stopped: in-flight appends finish first. */
@Injectable()
export class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

@Global()
@Module({})
export class EventStoreModule {
  static forRoot(): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [LEDGER_CONFIG, LedgerMetrics],
          useFactory: async (config: LedgerConfig, metrics: LedgerMetrics) =>
            new InstrumentedEventStore(await openEventStore(config), metrics),
        },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE],
    };
  }

  /** Tests hand in a store they opened themselves. */
  static forInstance(store: EventStore): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        { provide: EVENT_STORE, inject: [LedgerMetrics], useFactory: (metrics: LedgerMetrics) => new InstrumentedEventStore(store, metrics) },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE],
    };
  }
}
