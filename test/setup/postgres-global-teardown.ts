import type { TestPostgres } from '../support/postgres-server';
import { TEST_POSTGRES_KEY } from './postgres-global-setup';

/** Stops the server globalSetup started (none when DATABASE_URL was given), so jest can exit. */
export default async function postgresGlobalTeardown(): Promise<void> {
  const holder = globalThis as Record<string, unknown>;
  const server = holder[TEST_POSTGRES_KEY] as TestPostgres | undefined;
  if (!server) return;
  delete holder[TEST_POSTGRES_KEY];
  delete process.env['DATABASE_URL'];
  await server.stop();
}
