import type { LedgerConfig } from '@ledger/platform';
import type { ReadStore } from '@ledger/read-store';
import { openPostgresReadStore } from '@ledger/read-store/postgres';
import { openSqliteReadStore } from '@ledger/read-store/sqlite';

/**
 * Where the durable read models live: PostgreSQL tables of the store's own database (schema
 * `<store schema>_read`, shared by every instance, one of them projecting under the lease) when the store
 * is PostgreSQL; otherwise an SQLite file of this instance (LEDGER_READ_MODELS_PATH, default beside the
 * SQLite store). A KurrentDB deployment gets the SQLite file too.
 */
export async function openReadStore(config: LedgerConfig, instanceName?: string): Promise<ReadStore> {
  if (config.store === 'postgres') {
    if (!config.databaseUrl) throw new Error('the PostgreSQL store needs a database URL');
    return openPostgresReadStore({
      connectionString: config.databaseUrl,
      schema: `${config.postgresSchema}_read`,
      ...(instanceName ? { instanceName } : {}),
    });
  }
  return openSqliteReadStore({ path: config.readModelsPath, synchronous: config.sqliteSynchronous });
}
