import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { verifyAll } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import type { LedgerConfig } from '@ledger/platform';

export interface BackupReport {
  source: string;
  destination: string;
  eventsInBackup: number;
  headPosition: string;
  chainsVerified: boolean;
}

/**
 * Online backup of the embedded store through SQLite's backup API: a consistent copy even while the
 * service keeps appending (pages changed during the copy are copied again). The copy is then opened
 * and its hash chains verified, so a backup is only reported good once it is proven readable.
 * PostgreSQL and KurrentDB have their own tools (pg_dump / pg_basebackup, KurrentDB backups): see the runbook.
 */
export async function backupSqlite(config: LedgerConfig, destination: string): Promise<BackupReport> {
  if (config.store !== 'sqlite') throw new Error(`backup handles the embedded store only (LEDGER_STORE=${config.store}); see the runbook`);
  const target = resolve(destination);
  if (existsSync(target)) throw new Error(`${target} exists; refusing to overwrite a backup`);
  const source = SqliteEventStore.open({ path: config.sqlitePath, synchronous: config.sqliteSynchronous });
  try {
    await source.backup(target);
  } finally {
    await source.close();
  }
  const copy = SqliteEventStore.open({ path: target });
  try {
    const report = await verifyAll(copy);
    return {
      source: resolve(config.sqlitePath),
      destination: target,
      eventsInBackup: report.eventsChecked,
      headPosition: (await copy.headPosition()).toString(),
      chainsVerified: report.ok,
    };
  } finally {
    await copy.close();
  }
}
