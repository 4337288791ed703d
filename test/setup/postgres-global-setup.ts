/**
 * One throwaway PostgreSQL server per jest run, shared by every worker through DATABASE_URL
 * (workers are forked after this runs and inherit process.env). With DATABASE_URL already set,
 * that server is used and nothing is started.
 */
import { startTestPostgres, type TestPostgres } from '../support/postgres-server';

export const TEST_POSTGRES_KEY = '__ledgerTestPostgres';

export default async function postgresGlobalSetup(): Promise<void> {
  if (process.env['DATABASE_URL']) return;
  const server: TestPostgres = await startTestPostgres();
  process.env['DATABASE_URL'] = server.url;
  // globalSetup and globalTeardown run in the same context: the handle travels on globalThis.
  (globalThis as Record<string, unknown>)[TEST_POSTGRES_KEY] = server;
}
