import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import type { EventStore } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { FixedClock, loadConfig, mintToken, type LedgerConfig, type Role } from '@ledger/platform';
import { createApp } from '../../apps/ledger-api/src/bootstrap';

export const TEST_JWT_SECRET = 'e2e-secret-0123456789abcdef0123456789abcdef';

export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
}

/** The real app (Fastify + Nest, every pipe, guard and filter) in-process, on a throwaway store. */
export class AppHarness {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly store: EventStore,
    readonly clock: FixedClock,
    readonly config: LedgerConfig,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async start(options: { store?: EventStore; env?: Record<string, string> } = {}): Promise<AppHarness> {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
    const config = loadConfig({
      LEDGER_SQLITE_PATH: join(directory, 'ledger.db'),
      LEDGER_JWT_SECRET: TEST_JWT_SECRET,
      LEDGER_LOG_LEVEL: 'silent',
      LEDGER_PROJECTIONS_PATH: ':memory:',
      ...options.env,
    });
    const store = options.store ?? SqliteEventStore.open({ path: config.sqlitePath });
    const clock = new FixedClock(new Date('2026-01-05T02:00:00Z'));
    const app = await createApp({ config, logger: pino({ level: 'silent' }), store, clock });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return new AppHarness(app, store, clock, config, async () => {
      await app.close(); // closes the store too (EventStoreLifecycle)
      rmSync(directory, { recursive: true, force: true });
    });
  }

  /** A hospital token names its payee: the harness's stands for a hospital no test registers (H-E2E) unless given. */
  token(role: Role, actor = `e2e-${role}`, payeeId = role === 'hospital' ? 'H-E2E' : undefined): string {
    return mintToken(TEST_JWT_SECRET, this.config.jwtIssuer, actor, role, undefined, undefined, payeeId);
  }

  async request<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    options: { role?: Role | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<HttpAnswer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.role !== null) headers['authorization'] = `Bearer ${this.token(options.role ?? 'admin')}`;
    if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
    const response = await this.app.inject({
      method,
      url,
      headers,
      payload: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = response.body;
    return { status: response.statusCode, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
  }

  post<T = Record<string, unknown>>(url: string, body: Record<string, unknown>, role: Role = 'admin'): Promise<HttpAnswer<T>> {
    return this.request<T>('POST', url, { body: { commandId: randomUUID(), ...body }, role });
  }

  get<T = Record<string, unknown>>(url: string, role: Role = 'auditor'): Promise<HttpAnswer<T>> {
    return this.request<T>('GET', url, { role });
  }

  async stop(): Promise<void> {
    await this.cleanup();
  }
}
