import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplicationContext, Module, type ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule, QueryBus } from '@nestjs/cqrs';
import type { EventStore, JsonObject } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import {
  ClockModule,
  type CommandEnvelope,
  CommandEnvelopeFactory,
  CommandsModule,
  EventStoreModule,
  FixedClock,
  LedgerConfigModule,
  loadConfig,
  MetricsModule,
  type Principal,
} from '@ledger/platform';
import { RegistryModule } from '../../registry/registry.module';
import { RegisterFundCommand } from '../../registry/register-fund/register-fund.command';
import type { RegisterFundRequest } from '../../registry/register-fund/register-fund.request.dto';
import { RegisterPayeeCommand } from '../../registry/register-payee/register-payee.command';
import type { RegisterPayeeRequest } from '../../registry/register-payee/register-payee.request.dto';
import { HospitalBudgetModule } from '../../hospital-budget/hospital-budget.module';
import { RecordAssessmentScoreCommand } from '../../hospital-budget/record-assessment-score/record-assessment-score.command';
import type { RecordAssessmentScoreRequest } from '../../hospital-budget/record-assessment-score/record-assessment-score.request.dto';
import { mapConcurrent } from '../concurrency';

/**
 * A throwaway SQLite store (a temp file, synchronous FULL as in production) under a Nest application
 * context: the platform's config, clock, store and command modules plus the registry and hospital-budget
 * areas and the `modules` a spec names (the allocation alone, the fund close, or the whole LedgerModule).
 * Commands and queries go through the buses, as the API's controllers and the CLI send them.
 */
export interface StoreHarness {
  readonly store: EventStore;
  readonly app: INestApplicationContext;
  readonly commands: CommandBus;
  readonly queries: QueryBus;
  readonly envelopes: CommandEnvelopeFactory;
  readonly clock: FixedClock;
  envelope(principal: Principal, body?: JsonObject, effectiveDate?: string, commandId?: string): CommandEnvelope;
  registerFund(fundId: string): Promise<void>;
  registerPayees(payeeIds: readonly string[], level?: 'tertiary' | 'secondary' | 'primary'): Promise<void>;
  recordScore(fundId: string, payeeId: string, year: number, scorePoints: string, effectiveDate: string): Promise<void>;
  head(): Promise<string>;
  stop(): Promise<void>;
}

export const PLANNER: Principal = { actor: 'spec-planner', role: 'planner' };
export const FINANCE: Principal = { actor: 'spec-finance', role: 'finance' };
const REGISTRAR: Principal = { actor: 'spec-registrar', role: 'finance' };

export interface HarnessOptions {
  readonly modules: NonNullable<ModuleMetadata['imports']>;
  readonly instant?: string;
}

export async function startStore({ modules, instant = '2024-12-20T02:00:00Z' }: HarnessOptions): Promise<StoreHarness> {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-allocation-'));
  const config = loadConfig({
    LEDGER_SQLITE_PATH: join(directory, 'ledger.db'),
    LEDGER_JWT_SECRET: 'x'.repeat(32),
    LEDGER_LOG_LEVEL: 'silent',
  });
  const store = SqliteEventStore.open({ path: config.sqlitePath });
  const clock = new FixedClock(new Date(instant));
  @Module({
    imports: [
      LedgerConfigModule.forRoot(config),
      ClockModule.forRoot(clock),
      MetricsModule,
      EventStoreModule.forInstance(store),
      CqrsModule.forRoot(),
      CommandsModule,
      RegistryModule,
      HospitalBudgetModule,
      ...modules,
    ],
  })
  class HarnessModule {}
  const app = await NestFactory.createApplicationContext(HarnessModule, { logger: false, abortOnError: false });
  const commands = app.get(CommandBus);
  const envelopes = app.get(CommandEnvelopeFactory);
  const envelope = (
    principal: Principal,
    body: JsonObject = {},
    effectiveDate?: string,
    commandId = randomUUID(),
  ): CommandEnvelope => envelopes.internal(principal, commandId, body, undefined, effectiveDate);
  return {
    store,
    app,
    commands,
    queries: app.get(QueryBus),
    envelopes,
    clock,
    envelope,
    async registerFund(fundId) {
      const data = { fundId, name: `${fundId} 基金`, kind: 'resident_pooled' as const, poolingRegion: '文登' };
      await commands.execute(new RegisterFundCommand(envelope(REGISTRAR, data), data as RegisterFundRequest));
    },
    async registerPayees(payeeIds, level = 'secondary') {
      await mapConcurrent(payeeIds, 64, async (payeeId) => {
        const data = {
          payeeId,
          name: `${payeeId} 医院`,
          type: 'hospital' as const,
          level,
          class: 'general',
          region: '文登',
        };
        await commands.execute(new RegisterPayeeCommand(envelope(REGISTRAR, data), data as RegisterPayeeRequest));
      });
    },
    async recordScore(fundId, payeeId, year, scorePoints, effectiveDate) {
      const request = { fundId, payeeId, year, scorePoints } as RecordAssessmentScoreRequest;
      await commands.execute(new RecordAssessmentScoreCommand(envelope(FINANCE, { payeeId }, effectiveDate), request));
    },
    async head() {
      return String(await store.headPosition());
    },
    async stop() {
      await app.close(); // closes the store (EventStoreLifecycle)
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
