import type { EventStore } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import type { LedgerConfig } from '../config/ledger-config';

/**
 * Opens the store LEDGER_STORE names. PostgreSQL and KurrentDB are loaded on demand, so the embedded
 * default never loads their drivers (nor @kurrent/bridge's native module).
 */
export async function openEventStore(config: LedgerConfig): Promise<EventStore> {
  switch (config.store) {
    case 'sqlite':
      return SqliteEventStore.open({ path: config.sqlitePath, synchronous: config.sqliteSynchronous });
    case 'postgres': {
      const { PostgresEventStore } = await import('@ledger/event-store/postgres');
      return PostgresEventStore.open({
        connectionString: requireValue(config.databaseUrl),
        schema: config.postgresSchema,
        statementTimeoutMs: config.postgresStatementTimeoutMs,
        idleInTransactionTimeoutMs: config.postgresIdleInTransactionTimeoutMs,
      });
    }
    case 'kurrentdb': {
      const { KurrentDbEventStore } = await import('@ledger/event-store/kurrentdb');
      return KurrentDbEventStore.open({ connectionString: requireValue(config.kurrentdbUrl) });
    }
  }
}

function requireValue(value: string | undefined): string {
  if (!value) throw new Error('store URL missing (validated at start; this is a bug)');
  return value;
}
