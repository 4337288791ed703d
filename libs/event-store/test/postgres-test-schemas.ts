import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startTestPostgres, type TestPostgres } from '../../../test/support/postgres-server';
import { PostgresEventStore, type PostgresEventStoreOptions } from '../src/postgres';

/**
 * The PostgreSQL specs' server and schemas: one server per jest run (globalSetup sets DATABASE_URL; a
 * throwaway one is started here only when run without it), and a fresh schema per store, dropped after
 * the file's tests. Call once per spec file, at the top level (it registers an afterAll).
 */
export function postgresTestSchemas(prefix: string) {
  let server: Promise<TestPostgres> | undefined;
  const schemas: string[] = [];
  const serverUrl = async (): Promise<string> => (await (server ??= startTestPostgres())).url;

  function freshSchema(): string {
    const schema = `${prefix}_${randomUUID().replace(/-/g, '')}`;
    schemas.push(schema);
    return schema;
  }

  async function openStore(options: Partial<PostgresEventStoreOptions> = {}): Promise<PostgresEventStore> {
    return PostgresEventStore.open({ connectionString: await serverUrl(), schema: freshSchema(), ...options });
  }

  async function withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: await serverUrl() });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  afterAll(async () => {
    if (!server) return;
    // Matters when DATABASE_URL names a server that outlives this run.
    await withClient(async (client) => {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    await (await server).stop();
  });

  return { serverUrl, freshSchema, openStore, withClient };
}
