import { Global, Inject, Injectable, Module } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { EventStore, JsonObject } from '@ledger/event-store';
import { LEDGER_CONFIG } from '../config/config.module';
import type { LedgerConfig } from '../config/ledger-config';
import { EVENT_STORE } from '../store/event-store.module';
import { Clock, businessDate } from '../clock/clock';
import type { Principal } from '../auth/roles';
import { CommandPipeline, type CommandEnvelope } from './command-pipeline';
import { StreamLoader } from './stream-loader';
import { LedgerMetrics } from '../metrics/ledger-metrics';

const HEADER_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds envelopes from HTTP requests: ids from the body and headers, time from the injected clock. */
@Injectable()
export class CommandEnvelopeFactory {
  constructor(
    private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  fromRequest(request: FastifyRequest, principal: Principal, dto: { commandId: string; effectiveDate?: string }): CommandEnvelope {
    const now = this.clock.now();
    const { commandId: _omit, ...body } = (request.body ?? {}) as JsonObject;
    return {
      commandId: dto.commandId,
      principal,
      correlationId: headerId(request, 'x-correlation-id') ?? dto.commandId,
      causationId: headerId(request, 'x-causation-id') ?? dto.commandId,
      effectiveDate: dto.effectiveDate ?? businessDate(now, this.config.timeZone),
      recordedAt: now.toISOString(),
      body,
    };
  }

  /** Envelopes for work the system starts itself (batch runs, process managers). */
  internal(principal: Principal, commandId: string, body: JsonObject, causationId?: string, effectiveDate?: string): CommandEnvelope {
    const now = this.clock.now();
    return {
      commandId,
      principal,
      correlationId: causationId ?? commandId,
      causationId: causationId ?? commandId,
      effectiveDate: effectiveDate ?? businessDate(now, this.config.timeZone),
      recordedAt: now.toISOString(),
      body,
    };
  }
}

function headerId(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && HEADER_ID.test(value) ? value : undefined;
}

@Global()
@Module({
  providers: [
    { provide: StreamLoader, inject: [EVENT_STORE], useFactory: (store: EventStore) => new StreamLoader(store) },
    {
      provide: CommandPipeline,
      inject: [EVENT_STORE, StreamLoader, LEDGER_CONFIG, LedgerMetrics],
      useFactory: (store: EventStore, loader: StreamLoader, config: LedgerConfig, metrics: LedgerMetrics) =>
        new CommandPipeline(store, loader, config.commandRetryLimit, (type, outcome, seconds) =>
          metrics.observeCommand(type, outcome, seconds),
        ),
    },
    CommandEnvelopeFactory,
  ],
  exports: [CommandPipeline, StreamLoader, CommandEnvelopeFactory],
})
export class CommandsModule {}
