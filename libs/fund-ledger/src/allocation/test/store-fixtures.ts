import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, JsonObject } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { type CommandEnvelope, FixedClock, loadConfig, type Principal } from '@ledger/platform';
import { decisionFor } from '../../application/stream-decision';
import { fundDecider, payeeDecider } from '../../registry/registry.decider';
import { fundStream, payeeStream } from '../../registry/registry.events';
import { type StandaloneServices, standaloneServices } from '../../fund-close/standalone-services';
import { mapConcurrent } from '../concurrency';

/** A throwaway SQLite store (a temp file, synchronous FULL as in production) with the standalone services. */
export interface StoreHarness {
  readonly store: EventStore;
  readonly services: StandaloneServices;
  readonly clock: FixedClock;
  envelope(principal: Principal, body?: JsonObject, effectiveDate?: string, commandId?: string): CommandEnvelope;
  registerFund(fundId: string): Promise<void>;
  registerPayees(payeeIds: readonly string[], level?: 'tertiary' | 'secondary' | 'primary'): Promise<void>;
  head(): Promise<string>;
  stop(): Promise<void>;
}

export const PLANNER: Principal = { actor: 'spec-planner', role: 'planner' };
export const FINANCE: Principal = { actor: 'spec-finance', role: 'finance' };
const REGISTRAR: Principal = { actor: 'spec-registrar', role: 'finance' };

export function startStore(instant = '2024-12-20T02:00:00Z'): StoreHarness {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-allocation-'));
  const config = loadConfig({
    LEDGER_SQLITE_PATH: join(directory, 'ledger.db'),
    LEDGER_JWT_SECRET: 'x'.repeat(32),
    LEDGER_LOG_LEVEL: 'silent',
  });
  const store = SqliteEventStore.open({ path: config.sqlitePath });
  const clock = new FixedClock(new Date(instant));
  const services = standaloneServices(store, config, clock);
  const envelope = (
    principal: Principal,
    body: JsonObject = {},
    effectiveDate?: string,
    commandId = randomUUID(),
  ): CommandEnvelope => services.envelopes.internal(principal, commandId, body, undefined, effectiveDate);
  return {
    store,
    services,
    clock,
    envelope,
    async registerFund(fundId) {
      const data = { fundId, name: `${fundId} 基金`, kind: 'resident_pooled' as const, poolingRegion: '文登' };
      await services.pipeline.execute(
        envelope(REGISTRAR, data),
        decisionFor(fundStream(fundId), fundDecider, { type: 'RegisterFund', data }),
      );
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
        await services.pipeline.execute(
          envelope(REGISTRAR, data),
          decisionFor(payeeStream(payeeId), payeeDecider, { type: 'RegisterPayee', data }),
        );
      });
    },
    async head() {
      return String(await store.headPosition());
    },
    async stop() {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
